// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "Async.h"
#include "KioskContext.h"
#include "core/Error.h"
#include "flow/FlowState.h"

#include <wx/panel.h>

#include <map>

class wxBoxSizer;
class wxStaticText;

namespace madoguchi::gui {

// A view shows one state of the enrollment flow and forwards input; it holds no rules.
// Layout: a title, a lead sentence, the content, and a message line; the frame adds the
// progress header and the footer with "Back" and the one main action.
class ScreenView : public wxPanel {
public:
    ScreenView(wxWindow* parent, KioskContext& ctx, const char* name);

    // Sets every label from the catalogue (called on construction and on language change;
    // typed values are kept).
    virtual void retranslate() = 0;
    // Relabels the on-screen keyboards and keypads of this screen (大文字, 1字消す...) in the
    // current language; the frame calls it after retranslate().
    void retranslateInputs();
    // Called when the view becomes visible: refill from the flow's draft, focus the first field.
    virtual void onEnter() {}
    // Removes every member value from the widgets (timeout, cancel, completion).
    virtual void wipe() {}
    // The footer's main action.
    virtual wxString mainActionLabel() const;
    virtual bool hasMainAction() const { return true; }
    virtual void onMainAction() {}
    virtual bool showsBack() const { return true; }

    // Shows a message beside the screen's field (see setMessageLine), or under the content on
    // screens without one (error in dark red, info in the text colour).
    void showError(const wxString& text);
    void showError(ErrorCode code);
    void showInfo(const wxString& text);
    void clearMessage();
    // The paper manual's step number shown discreetly beside the title ("Manual ②").
    void setManualStep(const wxString& text);

protected:
    // Runs slow work (network, key derivation, device) off the UI thread with the frame
    // showing a busy state; `done` runs on the UI thread unless the visit was wiped meanwhile.
    template <class Work, class Done>
    void runBusy(Work work, Done done);

    void setTitle(const wxString& title);
    void setLead(const wxString& lead);
    wxBoxSizer* content() { return m_content; }
    // A label in body text, wrapped to the content width.
    wxStaticText* addText(wxSizer* sizer, const wxString& text = {}, int pixels = 0,
                          bool bold = false);
    // A line for a field's error, in dark red, right under the field. Its room (two lines,
    // the full width) is kept while it is empty, so no control moves when a message appears.
    // `lines`: the room kept (a longer message takes more).
    wxStaticText* addFieldMessage(wxSizer* sizer, const char* name, int lines = 2);
    void setFieldMessage(wxStaticText* line, const wxString& text);
    // Where showError/showInfo write on this screen: the line under its main field, so a
    // message appears where the member is looking. Null: the line under the content.
    void setMessageLine(wxStaticText* line) { m_messageLine = line; }

    KioskContext& m_ctx;

private:
    // Sizes a field's message line to its reserved room, or more for a longer message.
    void fitFieldMessage(wxStaticText* line);
    int reservedLines(wxStaticText* line) const;
    void beginBusy();
    void endBusy();
    CancellationToken currentToken() const;

    wxStaticText* m_title = nullptr;
    wxStaticText* m_lead = nullptr;
    wxStaticText* m_manualStep = nullptr;
    std::map<wxStaticText*, int> m_reservedLines;
    wxBoxSizer* m_content = nullptr;
    wxStaticText* m_message = nullptr;
    wxStaticText* m_messageLine = nullptr;
};

} // namespace madoguchi::gui

#include "KioskFrame.h"

namespace madoguchi::gui {
template <class Work, class Done>
void ScreenView::runBusy(Work work, Done done) {
    beginBusy();
    runAsync(m_ctx.jobs, this, currentToken(), std::move(work),
             [this, done = std::move(done)](auto result) {
                 endBusy();
                 done(std::move(result));
             });
}
} // namespace madoguchi::gui
