// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace madoguchi {

// QR error-correction levels (ISO/IEC 18004): about 7, 15, 25 and 30 % of codewords.
enum class QrErrorCorrection {
    Low,
    Medium,
    Quartile,
    High,
};

struct QrOptions {
    // M: a screen shows a clean, undamaged symbol, and fewer modules mean bigger ones for a
    // phone camera; choose Quartile where glare on the kiosk screen makes scans fail.
    QrErrorCorrection ecc = QrErrorCorrection::Medium;
    // Light modules on each side; ISO/IEC 18004 asks for at least 4.
    int quietZone = 4;
};

} // namespace madoguchi
