// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "qr/QrMatrix.h"

#include <wx/control.h>

namespace madoguchi::gui {

// Draws a QR code crisp and large: every module is the same whole number of pixels, the
// quiet zone is white, and the code is black on white whatever the theme.
class QrPanel : public wxControl {
public:
    QrPanel(wxWindow* parent, const wxString& name, int sidePixels);
    void setMatrix(QrMatrix matrix);
    void clear();
    bool empty() const { return m_matrix.empty(); }
    bool AcceptsFocus() const override { return false; }
    // The module size chosen for the current matrix (for tests and the scale check).
    int moduleSize() const;

protected:
    wxSize DoGetBestClientSize() const override { return {m_side, m_side}; }

private:
    void onPaint(wxPaintEvent& event);
    QrMatrix m_matrix;
    int m_side;
};

} // namespace madoguchi::gui
