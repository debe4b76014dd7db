// SPDX-License-Identifier: Apache-2.0
// Test helper for the crash test: commits sampleStep(first), sampleStep(first + 1), ... and
// writes each number to stdout only after commitStep has returned, until it is killed.
#include "StoreSamples.h"
#include "store/LocalStore.h"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: store_writer DB FIRST\n");
        return 2;
    }
    auto store = madoguchi::store::LocalStore::open(argv[1]);
    if (!store) {
        std::fprintf(stderr, "open: %s\n", store.error().detail.c_str());
        return 1;
    }
    long long first = std::strtoll(argv[2], nullptr, 10);
    for (long long n = first;; ++n) {
        auto committed = store->commitStep(madoguchi::test::sampleStep(n));
        if (!committed) {
            std::fprintf(stderr, "commit %lld: %s\n", n, committed.error().detail.c_str());
            return 1;
        }
        std::string line = std::to_string(n) + "\n";
        // One write() of a few bytes to a pipe is atomic: the parent sees whole lines.
        if (write(STDOUT_FILENO, line.data(), line.size()) != static_cast<ssize_t>(line.size())) {
            return 1;
        }
    }
}
