#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# with-xft-dpi.sh DPI COMMAND...: sets Xft.dpi on the X display, as a desktop's text-scaling
# setting does, then runs COMMAND. Xvfb must run with -noreset, or the property goes with
# this script's connection.
set -eu
dpi=$1
shift
xprop -root -f RESOURCE_MANAGER 8s -set RESOURCE_MANAGER "Xft.dpi: $dpi"
exec "$@"
