// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <wx/print.h>

#include <optional>
#include <string>

namespace madoguchi::gui {

// What the completion slip shows. Never a secret: no password, no OTP key, no birth date.
struct SlipContent {
    std::string organisation;
    std::string userId;
    std::string methodLine; // translated
    std::string deviceName;
    std::string portalUrl;
    std::string contactLine;
    std::string completedAt; // local date and time, already formatted
    std::string accountNote; // when the account works (translated); empty: not known yet
};

// One A4/A5 page: the member's user ID and sign-in method, the portal's address as a QR
// code and text, and the society's contact line.
class SlipPrintout : public wxPrintout {
public:
    explicit SlipPrintout(SlipContent content);
    bool OnPrintPage(int page) override;
    bool HasPage(int page) override { return page == 1; }
    void GetPageInfo(int* minPage, int* maxPage, int* pageFrom, int* pageTo) override;

private:
    SlipContent m_content;
};

// Draws the slip on any DC whose logical units are tenths of a millimetre (A4 portrait).
void drawSlip(wxDC& dc, const SlipContent& content);

// Writes the slip as a one-page A4 PDF.
bool renderSlipPdf(const SlipContent& content, const std::string& pdfPath);

// Prints without a dialog: to `pdfPath` when given (tests, kiosks without a printer),
// otherwise to the default printer.
bool printSlip(wxWindow* parent, SlipContent content, const std::string& pdfPath);

// Prints the last slip again (staff panel): nullopt when none was printed since start-up,
// else whether it printed.
std::optional<bool> reprintLastSlip(wxWindow* parent);

} // namespace madoguchi::gui
