// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"
#include "core/SecureBuffer.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::protocol {

// Reads one JSON object strictly: every field must be asked for by name and have the
// expected type; a missing, mistyped or unknown field is a ProtocolError whose detail names
// the field ("totp.digits: expected integer"). The first error wins; finish() reports it.
class JsonReader {
public:
    explicit JsonReader(const nlohmann::json& object, std::string context = {});

    void string(std::string_view key, std::string& out);
    void optionalString(std::string_view key, std::optional<std::string>& out);
    void secret(std::string_view key, SecureBuffer& out);
    void integer(std::string_view key, std::int64_t& out);
    void optionalInteger(std::string_view key, std::optional<std::int64_t>& out);
    void boolean(std::string_view key, bool& out);
    void stringArray(std::string_view key, std::vector<std::string>& out);
    // A nested object, or nullptr (absent/null for the optional form, an error otherwise).
    const nlohmann::json* object(std::string_view key);
    const nlohmann::json* optionalObject(std::string_view key);

    // Records an error about a field the caller validated itself (e.g. an enum value).
    void fail(std::string_view key, std::string_view reason);
    // Takes the first error of a nested reader.
    void merge(const Status& nested);
    std::string path(std::string_view key) const;

    Status finish();

private:
    const nlohmann::json* field(std::string_view key, bool required);

    const nlohmann::json& m_object;
    std::string m_context;
    std::set<std::string, std::less<>> m_seen;
    std::optional<Error> m_error;
};

// Parses a request or response body; ProtocolError with the byte offset when it is not JSON.
Result<nlohmann::json> parseJson(std::string_view body);
// Serialises compactly; invalid UTF-8 (never produced by parseJson) is replaced, not thrown.
std::string dumpJson(const nlohmann::json& json);

} // namespace madoguchi::protocol
