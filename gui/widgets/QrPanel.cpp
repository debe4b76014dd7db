// SPDX-License-Identifier: Apache-2.0
#include "widgets/QrPanel.h"

#include "Theme.h"

#include <wx/dcbuffer.h>

namespace madoguchi::gui {

QrPanel::QrPanel(wxWindow* parent, const wxString& name, int sidePixels)
    : wxControl(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxBORDER_NONE),
      m_side(Theme::px(parent, sidePixels)) {
    SetName(name);
    SetBackgroundStyle(wxBG_STYLE_PAINT);
    SetMinSize(wxSize(m_side, m_side));
    Bind(wxEVT_PAINT, &QrPanel::onPaint, this);
}

void QrPanel::setMatrix(QrMatrix matrix) {
    m_matrix = std::move(matrix);
    Refresh();
}

void QrPanel::clear() {
    m_matrix = QrMatrix();
    Refresh();
}

int QrPanel::moduleSize() const {
    if (m_matrix.empty()) {
        return 0;
    }
    const wxSize size = GetClientSize();
    const int side = std::min(size.x, size.y);
    return std::max(1, side / std::max(m_matrix.width(), m_matrix.height()));
}

void QrPanel::onPaint(wxPaintEvent&) {
    wxAutoBufferedPaintDC dc(this);
    dc.SetBackground(wxBrush(Theme::colour(palette::kQrLight)));
    dc.Clear();
    if (m_matrix.empty()) {
        return;
    }
    const int module = moduleSize();
    const wxSize size = GetClientSize();
    const int x0 = (size.x - module * m_matrix.width()) / 2;
    const int y0 = (size.y - module * m_matrix.height()) / 2;
    dc.SetPen(*wxTRANSPARENT_PEN);
    dc.SetBrush(wxBrush(Theme::colour(palette::kQrDark)));
    for (int y = 0; y < m_matrix.height(); ++y) {
        for (int x = 0; x < m_matrix.width(); ++x) {
            if (m_matrix.isDark(x, y)) {
                dc.DrawRectangle(x0 + x * module, y0 + y * module, module, module);
            }
        }
    }
}

} // namespace madoguchi::gui
