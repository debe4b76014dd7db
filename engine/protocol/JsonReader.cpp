// SPDX-License-Identifier: Apache-2.0
#include "protocol/JsonReader.h"

#include <limits>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace madoguchi::protocol {

JsonReader::JsonReader(const nlohmann::json& object, std::string context)
    : m_object(object), m_context(std::move(context)) {
    if (!m_object.is_object()) {
        m_error =
            Error{ErrorCode::ProtocolError,
                  (m_context.empty() ? std::string("body") : m_context) + ": expected object"};
    }
}

std::string JsonReader::path(std::string_view key) const {
    return m_context.empty() ? std::string(key) : m_context + "." + std::string(key);
}

void JsonReader::fail(std::string_view key, std::string_view reason) {
    if (!m_error) {
        m_error = Error{ErrorCode::ProtocolError, path(key) + ": " + std::string(reason)};
    }
}

void JsonReader::merge(const Status& nested) {
    if (!nested && !m_error) {
        m_error = nested.error();
    }
}

const nlohmann::json* JsonReader::field(std::string_view key, bool required) {
    m_seen.emplace(key);
    if (m_error) {
        return nullptr;
    }
    const auto it = m_object.find(key);
    if (it == m_object.end()) {
        if (required) {
            fail(key, "missing");
        }
        return nullptr;
    }
    return &*it;
}

void JsonReader::string(std::string_view key, std::string& out) {
    const auto* v = field(key, true);
    if (v == nullptr) {
        return;
    }
    if (!v->is_string()) {
        fail(key, "expected string");
        return;
    }
    out = v->get<std::string>();
}

void JsonReader::optionalString(std::string_view key, std::optional<std::string>& out) {
    const auto* v = field(key, false);
    if (v == nullptr || v->is_null()) {
        out.reset();
        return;
    }
    if (!v->is_string()) {
        fail(key, "expected string");
        return;
    }
    out = v->get<std::string>();
}

void JsonReader::secret(std::string_view key, SecureBuffer& out) {
    const auto* v = field(key, true);
    if (v == nullptr) {
        return;
    }
    if (!v->is_string()) {
        fail(key, "expected string");
        return;
    }
    out = SecureBuffer::fromText(v->get_ref<const std::string&>());
}

void JsonReader::integer(std::string_view key, std::int64_t& out) {
    const auto* v = field(key, true);
    if (v == nullptr) {
        return;
    }
    if (!v->is_number_integer()) {
        fail(key, "expected integer");
        return;
    }
    if (v->is_number_unsigned() &&
        v->get<std::uint64_t>() >
            static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        fail(key, "integer out of range");
        return;
    }
    out = v->get<std::int64_t>();
}

void JsonReader::optionalInteger(std::string_view key, std::optional<std::int64_t>& out) {
    const auto* v = field(key, false);
    if (v == nullptr || v->is_null()) {
        out.reset();
        return;
    }
    std::int64_t value = 0;
    integer(key, value);
    if (!m_error) {
        out = value;
    }
}

void JsonReader::boolean(std::string_view key, bool& out) {
    const auto* v = field(key, true);
    if (v == nullptr) {
        return;
    }
    if (!v->is_boolean()) {
        fail(key, "expected boolean");
        return;
    }
    out = v->get<bool>();
}

void JsonReader::stringArray(std::string_view key, std::vector<std::string>& out) {
    const auto* v = field(key, true);
    if (v == nullptr) {
        return;
    }
    if (!v->is_array()) {
        fail(key, "expected array of strings");
        return;
    }
    out.clear();
    for (const auto& item : *v) {
        if (!item.is_string()) {
            fail(key, "expected array of strings");
            return;
        }
        out.push_back(item.get<std::string>());
    }
}

const nlohmann::json* JsonReader::object(std::string_view key) {
    const auto* v = field(key, true);
    if (v != nullptr && !v->is_object()) {
        fail(key, "expected object");
        return nullptr;
    }
    return v;
}

const nlohmann::json* JsonReader::optionalObject(std::string_view key) {
    const auto* v = field(key, false);
    if (v == nullptr || v->is_null()) {
        return nullptr;
    }
    if (!v->is_object()) {
        fail(key, "expected object");
        return nullptr;
    }
    return v;
}

Status JsonReader::finish() {
    if (!m_error && m_object.is_object()) {
        for (const auto& [key, value] : m_object.items()) {
            if (!m_seen.contains(key)) {
                fail(key, "unknown field");
                break;
            }
        }
    }
    if (m_error) {
        return *m_error;
    }
    return {};
}

namespace {

// Watches the parse for a key that appears twice in one object (nlohmann keeps the last one
// silently, so {"user_id":"a","user_id":"b"} would mean different things to different
// readers). One set of keys per open object; `path` names where, as JsonReader does.
class DuplicateKeyWatch {
public:
    bool operator()(int, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
        using Event = nlohmann::json::parse_event_t;
        switch (event) {
        case Event::object_start:
            m_objects.emplace_back();
            break;
        case Event::object_end:
            if (!m_objects.empty()) {
                m_objects.pop_back();
            }
            break;
        case Event::key:
            if (!m_objects.empty() && parsed.is_string()) {
                Frame& frame = m_objects.back();
                frame.lastKey = parsed.get<std::string>();
                if (!frame.keys.insert(frame.lastKey).second && !m_duplicate) {
                    m_duplicate = path();
                }
            }
            break;
        default:
            break;
        }
        return true;
    }

    const std::optional<std::string>& duplicate() const { return m_duplicate; }

private:
    struct Frame {
        std::set<std::string> keys;
        std::string lastKey;
    };

    std::string path() const {
        std::string out;
        for (const Frame& frame : m_objects) {
            out += out.empty() ? frame.lastKey : "." + frame.lastKey;
        }
        return out;
    }

    std::vector<Frame> m_objects;
    std::optional<std::string> m_duplicate;
};

} // namespace

Result<nlohmann::json> parseJson(std::string_view body) {
    DuplicateKeyWatch watch;
    nlohmann::json j = nlohmann::json::parse(
        body,
        [&watch](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
            return watch(depth, event, parsed);
        },
        false);
    if (j.is_discarded()) {
        // Parse again with exceptions only to learn where it broke; none escapes from here.
        try {
            const auto again = nlohmann::json::parse(body);
            (void)again;
        } catch (const nlohmann::json::parse_error& e) {
            return Error{ErrorCode::ProtocolError,
                         "malformed JSON at byte " + std::to_string(e.byte)};
        } catch (const nlohmann::json::exception&) {
            // Not a syntax error: e.g. a number out of range (2e308, found by fuzzing).
            return Error{ErrorCode::ProtocolError, "malformed JSON: a value out of range"};
        }
        return Error{ErrorCode::ProtocolError, "malformed JSON"};
    }
    if (watch.duplicate()) {
        return Error{ErrorCode::ProtocolError, *watch.duplicate() + ": duplicate key"};
    }
    return j;
}

std::string dumpJson(const nlohmann::json& json) {
    return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace madoguchi::protocol
