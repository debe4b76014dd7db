// SPDX-License-Identifier: Apache-2.0
#pragma once

// Private to engine/sync: owners for libcurl's C handles.

#include <curl/curl.h>

#include <memory>

namespace madoguchi::sync {

struct CurlEasyDeleter {
    void operator()(CURL* easy) const { curl_easy_cleanup(easy); }
};
using CurlEasy = std::unique_ptr<CURL, CurlEasyDeleter>;

struct CurlSlistDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using CurlSlist = std::unique_ptr<curl_slist, CurlSlistDeleter>;

// curl_global_init exactly once per process, before the first easy handle; the result is
// kept so every later caller sees a failure too.
CURLcode ensureCurlGlobalInit();

} // namespace madoguchi::sync
