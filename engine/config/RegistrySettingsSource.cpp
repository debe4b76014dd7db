// SPDX-License-Identifier: Apache-2.0
#include "config/RegistrySettingsSource.h"

#include <string>
#include <windows.h>

namespace madoguchi::config {

namespace {

std::string toUtf8(const std::wstring& wide) {
    if (wide.empty()) {
        return {};
    }
    const int size = WideCharToMultiByte(CP_UTF8, 0, wide.data(), static_cast<int>(wide.size()),
                                         nullptr, 0, nullptr, nullptr);
    std::string out(static_cast<std::size_t>(size), '\0');
    WideCharToMultiByte(CP_UTF8, 0, wide.data(), static_cast<int>(wide.size()), out.data(), size,
                        nullptr, nullptr);
    return out;
}

std::wstring toWide(std::string_view text) {
    if (text.empty()) {
        return {};
    }
    const int size =
        MultiByteToWideChar(CP_UTF8, 0, text.data(), static_cast<int>(text.size()), nullptr, 0);
    std::wstring out(static_cast<std::size_t>(size), L'\0');
    MultiByteToWideChar(CP_UTF8, 0, text.data(), static_cast<int>(text.size()), out.data(), size);
    return out;
}

} // namespace

std::string RegistrySettingsSource::describe() const {
    return "HKLM\\" + toUtf8(m_subKey);
}

std::optional<std::string> RegistrySettingsSource::value(std::string_view name) const {
    const std::wstring valueName = toWide(name);
    DWORD bytes = 0;
    // RRF_SUBKEY_WOW6464KEY: the 64-bit view, where the x64 MSI writes, whatever our bitness.
    constexpr DWORD kFlags = RRF_RT_REG_SZ | RRF_SUBKEY_WOW6464KEY;
    if (RegGetValueW(HKEY_LOCAL_MACHINE, m_subKey, valueName.c_str(), kFlags, nullptr, nullptr,
                     &bytes) != ERROR_SUCCESS ||
        bytes < sizeof(wchar_t)) {
        return std::nullopt;
    }
    std::wstring buffer(bytes / sizeof(wchar_t), L'\0');
    if (RegGetValueW(HKEY_LOCAL_MACHINE, m_subKey, valueName.c_str(), kFlags, nullptr,
                     buffer.data(), &bytes) != ERROR_SUCCESS) {
        return std::nullopt;
    }
    buffer.resize(bytes / sizeof(wchar_t));
    while (!buffer.empty() && buffer.back() == L'\0') {
        buffer.pop_back();
    }
    if (buffer.empty()) {
        return std::nullopt; // the MSI writes nothing for an unset property; be safe anyway
    }
    return toUtf8(buffer);
}

} // namespace madoguchi::config
