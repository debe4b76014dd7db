// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string_view>

namespace madoguchi::protocol {

// Protocol v1 endpoints (see central/README.md for bodies and status codes).
struct Paths {
    static constexpr int kVersion = 1;
    static constexpr std::string_view kHealth = "/v1/health";                       // GET
    static constexpr std::string_view kTerms = "/v1/terms";                         // GET
    static constexpr std::string_view kVerifyTemp = "/v1/temp-credentials/verify";  // POST
    static constexpr std::string_view kCheckUserId = "/v1/user-ids/check";          // POST
    static constexpr std::string_view kEnrollments = "/v1/enrollments";             // POST
    static constexpr std::string_view kEnrollmentBatch = "/v1/enrollments/batch";   // POST
    static constexpr std::string_view kHandoffs = "/v1/handoffs";                   // POST
    static constexpr std::string_view kStaffUnlock = "/v1/temp-credentials/unlock"; // POST
    // GET kEnrollments + "/" + enrollment id + kPortalSuffix: is the portal account ready?
    static constexpr std::string_view kPortalSuffix = "/portal";
    // GET kHandoffs + "/" + token polls; POST .../confirm is the admin/test confirmation.
    static constexpr std::string_view kConfirmSuffix = "/confirm";
};

} // namespace madoguchi::protocol
