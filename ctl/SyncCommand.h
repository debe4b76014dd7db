// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "Command.h"

namespace madoguchi::ctl {

// `madoguchictl sync [--config PATH] [--once] [--requeue OUTBOX_ID | --all-parked]`: one
// delivery pass of the outbox to the configured central service (mutual TLS), then what it
// did. --requeue / --all-parked first put parked staff items back in the queue, each with an
// audit row. Exit code 0 when every due item was delivered (or none was due), 1 when
// something failed or was moved to staff, 2 for bad arguments.
Command syncCommand();

} // namespace madoguchi::ctl
