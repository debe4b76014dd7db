// SPDX-License-Identifier: Apache-2.0
#include "QrCommand.h"

#include "CommandSupport.h"
#include "qr/PngWriter.h"
#include "qr/QrEncoder.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <ostream>

namespace madoguchi::ctl {

namespace {

constexpr int kDefaultScale = 8;

// "otpauth:" and Google Authenticator's "otpauth-migration:" both carry secrets; leading
// blanks do not stop a phone from reading them.
bool isOtpauthUri(const std::string& text) {
    constexpr std::string_view kScheme = "otpauth";
    const std::size_t start = text.find_first_not_of(" \t\r\n");
    if (start == std::string::npos) {
        return false;
    }
    std::string head = text.substr(start, kScheme.size());
    std::transform(head.begin(), head.end(), head.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return head == kScheme;
}

int runQr(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    const auto parsed = parseArguments(args, {}, {"--out", "--scale"}, 1, "qr", err);
    if (!parsed) {
        return 2;
    }
    const std::optional<std::string> outPath = parsed->option("--out");
    if (parsed->positionals.size() != 1 || !outPath) {
        err << "qr: usage: madoguchictl qr TEXT --out FILE.png [--scale N]\n";
        return 2;
    }
    const std::string& text = parsed->positionals.front();
    if (isOtpauthUri(text)) {
        err << "qr: refused: an otpauth:// URI holds a one-time-password secret, and a PNG of "
               "it would put that secret on disk. Nothing was written.\n";
        return 2;
    }
    int scale = kDefaultScale;
    if (const auto given = parsed->option("--scale")) {
        const char* end = given->data() + given->size();
        const auto [ptr, ec] = std::from_chars(given->data(), end, scale);
        if (ec != std::errc() || ptr != end || scale < 1 || scale > PngWriter::kMaxScale) {
            err << "qr: --scale must be a whole number from 1 to " << PngWriter::kMaxScale << "\n";
            return 2;
        }
    }
    Result<QrMatrix> matrix = QrEncoder::encode(text);
    if (!matrix) {
        err << "qr: cannot encode the text: " << toString(matrix.code()) << " ("
            << matrix.error().detail << ")\n";
        return 1;
    }
    if (Status written = PngWriter::writeFile(*matrix, scale, *outPath); !written) {
        err << "qr: cannot write " << *outPath << ": " << toString(written.code()) << " ("
            << written.error().detail << ")\n";
        return 1;
    }
    out << "Wrote " << *outPath << ": " << matrix->width() << " x " << matrix->height()
        << " modules at " << scale << " pixels each\n";
    return 0;
}

} // namespace

Command qrCommand() {
    return Command{"qr", "TEXT --out FILE.png [--scale N]",
                   "write a QR code of TEXT as a PNG (never an otpauth:// URI)", &runQr};
}

} // namespace madoguchi::ctl
