// SPDX-License-Identifier: Apache-2.0
#pragma once

// The owner of a libcbor item, for the devices layer and its tests: every item read with
// cbor_load is released by this, never by a hand-written cbor_decref.

#include <cbor.h>
#include <memory>

namespace madoguchi::devices {

struct CborItemDeleter {
    void operator()(cbor_item_t* item) const { cbor_decref(&item); }
};
using CborItem = std::unique_ptr<cbor_item_t, CborItemDeleter>;

} // namespace madoguchi::devices
