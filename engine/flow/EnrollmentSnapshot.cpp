// SPDX-License-Identifier: Apache-2.0
#include "flow/EnrollmentSnapshot.h"

#include "protocol/JsonReader.h"

#include <nlohmann/json.hpp>

namespace madoguchi {

namespace {
constexpr int kSnapshotVersion = 1;

Result<std::string> stringField(const nlohmann::json& j, const char* name) {
    auto it = j.find(name);
    if (it == j.end() || !it->is_string()) {
        return Error{ErrorCode::ProtocolError, std::string("snapshot field missing: ") + name};
    }
    return it->get<std::string>();
}
} // namespace

std::string EnrollmentSnapshot::toJson() const {
    nlohmann::json j;
    j["version"] = kSnapshotVersion;
    j["state"] = std::string(toString(stateReached));
    j["method"] = std::string(toString(method));
    j["enrollmentId"] = enrollmentId;
    j["userId"] = userId;
    j["deviceName"] = deviceName;
    j["otpLocked"] = otpLocked;
    return protocol::dumpJson(j);
}

Result<EnrollmentSnapshot> EnrollmentSnapshot::fromJson(std::string_view json) {
    auto j = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object()) {
        return Error{ErrorCode::ProtocolError, "snapshot is not a JSON object"};
    }
    auto version = j.find("version");
    if (version == j.end() || !version->is_number_integer() ||
        version->get<int>() != kSnapshotVersion) {
        return Error{ErrorCode::ProtocolError, "snapshot version unsupported"};
    }
    EnrollmentSnapshot s;
    auto state = stringField(j, "state");
    if (!state) {
        return state.error();
    }
    auto parsedState = flowStateFromString(*state);
    if (!parsedState) {
        return Error{ErrorCode::ProtocolError, "snapshot state unknown"};
    }
    s.stateReached = *parsedState;
    auto method = stringField(j, "method");
    if (!method) {
        return method.error();
    }
    auto parsedMethod = mfaMethodFromString(*method);
    if (!parsedMethod) {
        return Error{ErrorCode::ProtocolError, "snapshot method unknown"};
    }
    s.method = *parsedMethod;
    for (auto [name, field] :
         {std::pair{"enrollmentId", &s.enrollmentId}, std::pair{"userId", &s.userId},
          std::pair{"deviceName", &s.deviceName}}) {
        auto value = stringField(j, name);
        if (!value) {
            return value.error();
        }
        *field = std::move(*value);
    }
    // Absent in records written before the lock was kept: not locked.
    if (auto locked = j.find("otpLocked"); locked != j.end()) {
        if (!locked->is_boolean()) {
            return Error{ErrorCode::ProtocolError, "snapshot field malformed: otpLocked"};
        }
        s.otpLocked = locked->get<bool>();
    }
    return s;
}

} // namespace madoguchi
