// SPDX-License-Identifier: Apache-2.0
#pragma once

// The run's throwaway PostgreSQL server (PostgresTestServer::shared) for a gtest binary, stopped
// when the run ends.

#include "PostgresTestServer.h"

#include <gtest/gtest.h>

namespace madoguchi::test {

// Stops the server when the test run ends. (A run that crashes leaves its server and
// directory behind: `pg_ctl -D /tmp/madoguchi-pg-*/data stop` cleans up.)
class PostgresTestEnvironment : public ::testing::Environment {
public:
    void TearDown() override { PostgresTestServer::stopShared(); }
};

inline ::testing::Environment* const kPostgresTestEnvironment =
    ::testing::AddGlobalTestEnvironment(new PostgresTestEnvironment);

} // namespace madoguchi::test
