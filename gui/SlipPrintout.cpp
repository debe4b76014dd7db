// SPDX-License-Identifier: Apache-2.0
#include "SlipPrintout.h"

#include "TextWrap.h"
#include "Theme.h"
#include "qr/QrEncoder.h"
#include "views/CompleteView.h"

#include <wx/arrstr.h>
#include <wx/dc.h>
#include <wx/dcgraph.h>
#include <wx/graphics.h>
#include <wx/intl.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <memory>

namespace madoguchi::gui {

namespace {
// Logical units: tenths of a millimetre on an A4 portrait page.
constexpr int kPageWidth = 2100;
constexpr int kPageHeight = 2970;
constexpr int kMargin = 200;

wxFont slipFont(int heightTenthsMm, bool bold) {
    wxFontInfo info(wxSize(0, heightTenthsMm));
    info.FaceName(Theme::faceName());
    if (bold) {
        info.Bold();
    }
    return wxFont(info);
}
} // namespace

SlipPrintout::SlipPrintout(SlipContent content)
    : wxPrintout(_("Registration slip")), m_content(std::move(content)) {}

void SlipPrintout::GetPageInfo(int* minPage, int* maxPage, int* pageFrom, int* pageTo) {
    *minPage = *maxPage = *pageFrom = *pageTo = 1;
}

void drawSlip(wxDC& dc, const SlipContent& content) {
    dc.SetBackground(*wxWHITE_BRUSH);
    dc.SetTextForeground(*wxBLACK);
    int y = kMargin;
    auto line = [&](const wxString& text, int height, bool bold) {
        dc.SetFont(slipFont(height, bold));
        dc.DrawText(text, kMargin, y);
        y += height * 3 / 2;
    };
    line(wxString::FromUTF8(content.organisation), 70, true);
    line(_("Member portal registration slip"), 60, true);
    y += 40;
    line(wxString::Format(_("User ID: %s"), wxString::FromUTF8(content.userId)), 55, true);
    line(wxString::Format(_("Second sign-in step: %s"), wxString::FromUTF8(content.methodLine)), 45,
         false);
    if (!content.deviceName.empty()) {
        line(wxString::Format(_("Device name: %s"), wxString::FromUTF8(content.deviceName)), 45,
             false);
    }
    line(wxString::Format(_("Registered: %s"), wxString::FromUTF8(content.completedAt)), 45, false);
    y += 40;
    line(_("Log in to the member portal here:"), 45, false);
    line(wxString::FromUTF8(content.portalUrl), 45, true);
    if (auto matrix = QrEncoder::encode(content.portalUrl); matrix.ok()) {
        const int module = 600 / matrix->width();
        dc.SetPen(*wxTRANSPARENT_PEN);
        dc.SetBrush(*wxBLACK_BRUSH);
        for (int my = 0; my < matrix->height(); ++my) {
            for (int mx = 0; mx < matrix->width(); ++mx) {
                if (matrix->isDark(mx, my)) {
                    dc.DrawRectangle(kMargin + mx * module, y + my * module, module, module);
                }
            }
        }
        y += module * matrix->height() + 60;
    }
    // Long notes wrapped to the page (A4 less both margins).
    auto paragraph = [&](const wxString& text, int height) {
        dc.SetFont(slipFont(height, false));
        const wxString wrapped =
            TextWrap::wrap(text, kPageWidth - 2 * kMargin,
                           [&](const wxString& s) { return dc.GetTextExtent(s).GetWidth(); });
        for (const wxString& part : wxSplit(wrapped, '\n', '\0')) {
            line(part, height, false);
        }
    };
    paragraph(content.accountNote.empty() ? CompleteView::accountReadyNote()
                                          : wxString::FromUTF8(content.accountNote),
              40);
    y += 20;
    line(_("Next time you log in:"), 40, true);
    paragraph(_("1. Open the address above. 2. Enter your user ID. 3. Enter your password. "
                "4. Enter the 6-digit number from the app, or use your smartphone's face or "
                "fingerprint."),
              40);
    paragraph(_("If the portal times out while you set it up, click \"Login With OpenID "
                "Connect\" on the screen and go on."),
              40);
    paragraph(_("Changing smartphones: set up the new phone before you give up the old one. "
                "If the old phone is gone, please contact the society."),
              40);
    y += 20;
    line(_("Keep your password to yourself. The society never asks for it."), 40, false);
    line(wxString::FromUTF8(content.contactLine), 40, false);
}

bool SlipPrintout::OnPrintPage(int) {
    wxDC* dc = GetDC();
    if (dc == nullptr) {
        return false;
    }
    FitThisSizeToPaper(wxSize(kPageWidth, kPageHeight));
    drawSlip(*dc, m_content);
    return true;
}

namespace {
struct CairoSurfaceDeleter {
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct CairoDeleter {
    void operator()(cairo_t* c) const { cairo_destroy(c); }
};
} // namespace

bool renderSlipPdf(const SlipContent& content, const std::string& pdfPath) {
    // A4 in PostScript points; logical units stay tenths of a millimetre.
    constexpr double kWidthPt = 595.28;
    constexpr double kHeightPt = 841.89;
    std::unique_ptr<cairo_surface_t, CairoSurfaceDeleter> surface(
        cairo_pdf_surface_create(pdfPath.c_str(), kWidthPt, kHeightPt));
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
        return false;
    }
    std::unique_ptr<cairo_t, CairoDeleter> cr(cairo_create(surface.get()));
    cairo_scale(cr.get(), kWidthPt / kPageWidth, kHeightPt / kPageHeight);
    {
        wxGraphicsContext* gc =
            wxGraphicsRenderer::GetCairoRenderer()->CreateContextFromNativeContext(cr.get());
        if (gc == nullptr) {
            return false;
        }
        wxGCDC dc(gc); // owns gc
        drawSlip(dc, content);
    }
    cairo_show_page(cr.get());
    cr.reset();
    cairo_surface_finish(surface.get());
    return cairo_surface_status(surface.get()) == CAIRO_STATUS_SUCCESS;
}

namespace {
// The last slip printed (no secret on it), for staff to reprint when the printer jammed.
struct LastSlip {
    SlipContent content;
    std::string pdfPath;
};
std::optional<LastSlip>& lastSlip() {
    static std::optional<LastSlip> last;
    return last;
}

bool printNow(wxWindow* parent, SlipContent content, const std::string& pdfPath) {
    if (!pdfPath.empty()) {
        // Straight to PDF with cairo: no print system or dialog involved (kiosks without a
        // printer, and the tests).
        return renderSlipPdf(content, pdfPath);
    }
    wxPrintData data;
    data.SetPaperId(wxPAPER_A4);
    wxPrintDialogData dialogData(data);
    wxPrinter printer(&dialogData);
    SlipPrintout printout(std::move(content));
    return printer.Print(parent, &printout, false);
}
} // namespace

bool printSlip(wxWindow* parent, SlipContent content, const std::string& pdfPath) {
    lastSlip() = LastSlip{content, pdfPath};
    return printNow(parent, std::move(content), pdfPath);
}

std::optional<bool> reprintLastSlip(wxWindow* parent) {
    if (!lastSlip()) {
        return std::nullopt;
    }
    return printNow(parent, lastSlip()->content, lastSlip()->pdfPath);
}

} // namespace madoguchi::gui
