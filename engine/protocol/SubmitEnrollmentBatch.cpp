// SPDX-License-Identifier: Apache-2.0
#include "protocol/SubmitEnrollmentBatch.h"

#include "protocol/JsonReader.h"

namespace madoguchi::protocol {

nlohmann::json SubmitEnrollmentBatchRequest::toJson() const {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& r : results) {
        items.push_back(r.toJson());
    }
    return {{"results", std::move(items)}};
}

Result<std::vector<nlohmann::json>>
SubmitEnrollmentBatchRequest::itemsOf(const nlohmann::json& json) {
    if (!json.is_object()) {
        return Error{ErrorCode::ProtocolError, "body: expected object"};
    }
    for (const auto& item : json.items()) {
        if (item.key() != "results") {
            return Error{ErrorCode::ProtocolError, item.key() + ": unknown field"};
        }
    }
    const auto found = json.find("results");
    if (found == json.end()) {
        return Error{ErrorCode::ProtocolError, "results: missing"};
    }
    if (!found->is_array()) {
        return Error{ErrorCode::ProtocolError, "results: expected array"};
    }
    return std::vector<nlohmann::json>(found->begin(), found->end());
}

nlohmann::json EnrollmentBatchAnswer::toJson() const {
    if (response) {
        return response->toJson();
    }
    return {{"enrollment_id", enrollmentId},
            {"error", error ? error->toJson() : ErrorBody{"internal", "", {}, {}}.toJson()}};
}

Result<EnrollmentBatchAnswer> EnrollmentBatchAnswer::fromJson(const nlohmann::json& json) {
    EnrollmentBatchAnswer a;
    if (json.is_object() && json.contains("error")) {
        JsonReader r(json, "answer");
        r.string("enrollment_id", a.enrollmentId);
        const nlohmann::json* error = r.object("error");
        if (auto s = r.finish(); !s) {
            return s.error();
        }
        auto body = ErrorBody::fromJson(*error);
        if (!body) {
            return body.error();
        }
        a.error = std::move(body).value();
        return a;
    }
    auto response = SubmitEnrollmentResponse::fromJson(json);
    if (!response) {
        return response.error();
    }
    a.enrollmentId = response->enrollmentId;
    a.response = std::move(response).value();
    return a;
}

nlohmann::json SubmitEnrollmentBatchResponse::toJson() const {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& a : answers) {
        items.push_back(a.toJson());
    }
    return {{"answers", std::move(items)}};
}

Result<SubmitEnrollmentBatchResponse>
SubmitEnrollmentBatchResponse::fromJson(const nlohmann::json& json) {
    if (!json.is_object() || json.size() != 1 || !json.contains("answers") ||
        !json.at("answers").is_array()) {
        return Error{ErrorCode::ProtocolError, "batch answer: expected {\"answers\": [...]}"};
    }
    SubmitEnrollmentBatchResponse m;
    for (const auto& item : json.at("answers")) {
        auto answer = EnrollmentBatchAnswer::fromJson(item);
        if (!answer) {
            return answer.error();
        }
        m.answers.push_back(std::move(answer).value());
    }
    return m;
}

} // namespace madoguchi::protocol
