// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <filesystem>
#include <string>

namespace madoguchi::gui {

enum class Language { Japanese, English };

// Switches the gettext catalogue at run time. Messages are written in English in the
// code (msgids) and translated by assets/locales/<lang>/madoguchi.po; Japanese is the
// default language of the kiosk.
class I18n {
public:
    static void setCatalogDirectory(const std::filesystem::path& dir);
    static void setLanguage(Language language);
    static Language language();
    static const char* code(Language language) {
        return language == Language::Japanese ? "ja" : "en";
    }
};

} // namespace madoguchi::gui
