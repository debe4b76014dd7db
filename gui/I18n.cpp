// SPDX-License-Identifier: Apache-2.0
#include "I18n.h"

#include <wx/translation.h>

namespace madoguchi::gui {

namespace {
Language g_language = Language::Japanese;
}

void I18n::setCatalogDirectory(const std::filesystem::path& dir) {
    wxFileTranslationsLoader::AddCatalogLookupPathPrefix(wxString::FromUTF8(dir.string()));
}

void I18n::setLanguage(Language language) {
    g_language = language;
    auto* translations = new wxTranslations();
    translations->SetLanguage(language == Language::Japanese ? wxLANGUAGE_JAPANESE
                                                             : wxLANGUAGE_ENGLISH);
    // msgids are English: for English no catalogue is needed, but one may refine wording.
    translations->AddCatalog("madoguchi", wxLANGUAGE_ENGLISH_US);
    wxTranslations::Set(translations); // takes ownership, deletes the previous one
}

Language I18n::language() {
    return g_language;
}

} // namespace madoguchi::gui
