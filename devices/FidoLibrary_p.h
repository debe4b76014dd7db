// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace madoguchi::devices {

// Initialises libfido2 once per process and routes its log to madoguchi::logger() at debug
// level. libfido2's frame traces are only switched on when our logger wants debug output.
void ensureFidoInitialised();

} // namespace madoguchi::devices
