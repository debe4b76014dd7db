// SPDX-License-Identifier: Apache-2.0
#pragma once

// The central store suite runs on each backend: a test fixture takes a StoreBackend as its
// parameter and opens its service through a StoreHome.

#include "PostgresTestEnvironment.h"
#include "central/CentralService.h"
#include "central/PostgresCentralStore.h"
#include "central/SqliteCentralStore.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

namespace madoguchi::centraltest {

enum class StoreBackend { Sqlite, Postgresql };

inline std::string backendName(const ::testing::TestParamInfo<StoreBackend>& info) {
    return info.param == StoreBackend::Sqlite ? "sqlite" : "postgresql";
}

// Where one test's store lives: SQLite (in memory, or in `sqliteFile` when the test restarts
// the service) or a fresh database on the run's PostgreSQL server. open() again is a restart.
class StoreHome {
public:
    explicit StoreHome(StoreBackend backend, std::filesystem::path sqliteFile = {})
        : m_backend(backend), m_sqliteFile(std::move(sqliteFile)) {
        if (m_backend == StoreBackend::Postgresql) {
            std::string why;
            auto* server = test::PostgresTestServer::shared(&why);
            if (server == nullptr) {
                ADD_FAILURE() << "no PostgreSQL test server: " << why;
                return;
            }
            m_connection = server->createDatabase(&why);
            if (m_connection.empty()) {
                ADD_FAILURE() << why;
            }
        }
    }

    Result<std::unique_ptr<central::ICentralStore>> open() const {
        if (m_backend == StoreBackend::Postgresql) {
            if (m_connection.empty()) {
                return Error{ErrorCode::StorageOpenFailed, "no test database"};
            }
            auto store = central::PostgresCentralStore::open(m_connection);
            if (!store) {
                return store.error();
            }
            return std::unique_ptr<central::ICentralStore>(std::move(*store));
        }
        auto store = m_sqliteFile.empty() ? central::SqliteCentralStore::openInMemory()
                                          : central::SqliteCentralStore::open(m_sqliteFile);
        if (!store) {
            return store.error();
        }
        return std::unique_ptr<central::ICentralStore>(std::move(*store));
    }

    Result<std::unique_ptr<central::CentralService>>
    openService(central::CentralOptions options = {},
                std::shared_ptr<const Clock> clock = std::make_shared<SystemClock>()) const {
        auto store = open();
        if (!store) {
            return store.error();
        }
        return central::CentralService::create(std::move(*store), std::move(options),
                                               std::move(clock));
    }

    StoreBackend backend() const { return m_backend; }
    const std::string& connection() const { return m_connection; }

private:
    StoreBackend m_backend;
    std::filesystem::path m_sqliteFile;
    std::string m_connection;
};

} // namespace madoguchi::centraltest

// Runs a parametrized store suite on both backends.
#define MADOGUCHI_ON_BOTH_STORES(Suite)                                                            \
    INSTANTIATE_TEST_SUITE_P(                                                                      \
        Stores, Suite,                                                                             \
        ::testing::Values(::madoguchi::centraltest::StoreBackend::Sqlite,                          \
                          ::madoguchi::centraltest::StoreBackend::Postgresql),                     \
        ::madoguchi::centraltest::backendName)
