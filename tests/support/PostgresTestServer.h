// SPDX-License-Identifier: Apache-2.0
#pragma once

// A throwaway PostgreSQL server for one test binary run: initdb + pg_ctl in a temporary
// directory, listening only on a Unix socket in that directory (no TCP port), trust
// authentication (only this user can reach the socket's directory), fsync off (the data is
// thrown away). Started at the first use, stopped and removed when the run ends (a gtest
// Environment: PostgresTestEnvironment.h). As root (CI) the server runs as `nobody`:
// PostgreSQL refuses to run as root. Needs Debian's postgresql package (dev.sh installs it)
// and libpq. No gtest here: the benchmarks start one too (durable, to compare with SQLite).

#include <atomic>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <grp.h>
#include <libpq-fe.h>
#include <memory>
#include <mutex>
#include <optional>
#include <pwd.h>
#include <string>
#include <sys/wait.h>
#include <system_error>
#include <unistd.h>
#include <vector>

namespace madoguchi::test {

class PostgresTestServer {
public:
    struct Options {
        // fsync, synchronous_commit and full_page_writes on, as a production server runs
        // (benchmarks); off by default (tests: the data is thrown away).
        bool durable = false;
    };

    // A server of its own (stopped and removed with the object); nullptr if it cannot start,
    // with the reason in `why`.
    static std::unique_ptr<PostgresTestServer> start(Options options, std::string* why = nullptr) {
        auto server = std::unique_ptr<PostgresTestServer>(new PostgresTestServer());
        server->m_options = options;
        if (!server->launch()) {
            if (why != nullptr) {
                *why = server->m_error;
            }
            return nullptr;
        }
        return server;
    }

    // The run's server, started at the first call (thread-safe); nullptr if it cannot start,
    // with the reason in `why`.
    static PostgresTestServer* shared(std::string* why = nullptr) {
        std::lock_guard lock(mutex());
        auto& slot = instance();
        if (!slot) {
            auto server = std::unique_ptr<PostgresTestServer>(new PostgresTestServer());
            if (!server->launch()) {
                lastError() = server->m_error;
                server->stop();
            } else {
                slot = std::move(server);
            }
        }
        if (!slot && why != nullptr) {
            *why = lastError();
        }
        return slot.get();
    }

    // Stops the server if one was started (at the end of the run).
    static void stopShared() {
        std::lock_guard lock(mutex());
        instance().reset();
    }

    ~PostgresTestServer() { stop(); }
    PostgresTestServer(const PostgresTestServer&) = delete;
    PostgresTestServer& operator=(const PostgresTestServer&) = delete;

    // A libpq connection string for database `name` on this server.
    std::string connectionFor(const std::string& name) const {
        return "host=" + m_dir.string() + " port=5432 user=madoguchi dbname=" + name +
               " connect_timeout=10";
    }

    // A new, empty database; its connection string (empty on failure, with the reason in
    // `why`).
    std::string createDatabase(std::string* why = nullptr) {
        const std::string name =
            "t" + std::to_string(::getpid()) + "_" + std::to_string(m_databases.fetch_add(1) + 1);
        PGconn* admin = PQconnectdb(connectionFor("postgres").c_str());
        std::string error;
        if (PQstatus(admin) != CONNECTION_OK) {
            error = PQerrorMessage(admin);
        } else {
            PGresult* r = PQexec(admin, ("CREATE DATABASE " + name).c_str());
            if (PQresultStatus(r) != PGRES_COMMAND_OK) {
                error = PQresultErrorMessage(r);
            }
            PQclear(r);
        }
        PQfinish(admin);
        if (!error.empty()) {
            if (why != nullptr) {
                *why = "CREATE DATABASE: " + error;
            }
            return {};
        }
        return connectionFor(name);
    }

    const std::filesystem::path& directory() const { return m_dir; }

private:
    PostgresTestServer() = default;

    static std::mutex& mutex() {
        static std::mutex m;
        return m;
    }
    static std::unique_ptr<PostgresTestServer>& instance() {
        static std::unique_ptr<PostgresTestServer> server;
        return server;
    }
    static std::string& lastError() {
        static std::string error;
        return error;
    }

    static std::filesystem::path binDir() {
        if (const char* dir = std::getenv("MADOGUCHI_PG_BINDIR"); dir != nullptr && *dir != 0) {
            return dir;
        }
        // Debian keeps the server programs out of PATH, one directory per major version.
        std::filesystem::path best;
        int bestVersion = 0;
        std::error_code ec;
        for (const auto& entry : std::filesystem::directory_iterator("/usr/lib/postgresql", ec)) {
            const int version = std::atoi(entry.path().filename().c_str());
            if (version > bestVersion && std::filesystem::exists(entry.path() / "bin" / "pg_ctl")) {
                best = entry.path() / "bin";
                bestVersion = version;
            }
        }
        return best;
    }

    // Runs a server program (as `nobody` when we are root) with its output in the log file;
    // true when it exits 0.
    bool run(const std::vector<std::string>& args) {
        std::vector<char*> argv;
        for (const auto& a : args) {
            argv.push_back(const_cast<char*>(a.c_str()));
        }
        argv.push_back(nullptr);
        const std::string log = (m_dir / "commands.log").string();
        // Prepared before fork: the child only makes async-signal-safe calls.
        static char envLang[] = "LC_ALL=C";
        char* envp[] = {envLang, nullptr};
        const pid_t pid = ::fork();
        if (pid == 0) {
            if (m_asOther) {
                if (::setgroups(0, nullptr) != 0 || ::setgid(m_gid) != 0 || ::setuid(m_uid) != 0) {
                    ::_exit(126);
                }
            }
            const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
            if (fd >= 0) {
                ::dup2(fd, 1);
                ::dup2(fd, 2);
                ::close(fd);
            }
            const int in = ::open("/dev/null", O_RDONLY);
            if (in >= 0) {
                ::dup2(in, 0);
                ::close(in);
            }
            ::execve(argv[0], argv.data(), envp);
            ::_exit(127);
        }
        if (pid < 0) {
            return false;
        }
        int status = 0;
        while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
        return WIFEXITED(status) && WEXITSTATUS(status) == 0;
    }

    std::string logTail() const {
        std::string out;
        for (const char* name : {"commands.log", "server.log"}) {
            FILE* f = std::fopen((m_dir / name).c_str(), "r");
            if (f == nullptr) {
                continue;
            }
            char buf[4096];
            std::size_t n = 0;
            while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
                out.append(buf, n);
            }
            std::fclose(f);
        }
        return out.size() > 4000 ? out.substr(out.size() - 4000) : out;
    }

    bool launch() {
        const auto bin = binDir();
        if (bin.empty()) {
            m_error = "no PostgreSQL server programs under /usr/lib/postgresql (install Debian's "
                      "postgresql package, or set MADOGUCHI_PG_BINDIR)";
            return false;
        }
        std::string pattern = (std::filesystem::temp_directory_path() / "madoguchi-pg-XXXXXX");
        if (::mkdtemp(pattern.data()) == nullptr) {
            m_error = "mkdtemp failed";
            return false;
        }
        m_dir = pattern;
        if (::geteuid() == 0) {
            // PostgreSQL will not run as root: hand the directory to an unprivileged user.
            const struct passwd* pw = ::getpwnam("nobody");
            if (pw == nullptr) {
                m_error = "running as root and there is no user 'nobody' to run PostgreSQL";
                return false;
            }
            m_uid = pw->pw_uid;
            m_gid = pw->pw_gid;
            m_asOther = true;
            if (::chown(m_dir.c_str(), m_uid, m_gid) != 0) {
                m_error = "chown of the server directory failed";
                return false;
            }
        }
        m_data = m_dir / "data";
        if (!run({(bin / "initdb").string(), "-D", m_data.string(), "-U", "madoguchi", "-A",
                  "trust", "-E", "UTF8", "--no-locale", "--no-sync", "--no-instructions"})) {
            m_error = "initdb failed:\n" + logTail();
            return false;
        }
        // Unix socket only, in our own directory; durability off unless asked for (a test's
        // data is thrown away at the end).
        const std::string durability = m_options.durable ? "-c fsync=on "
                                                           "-c synchronous_commit=on "
                                                           "-c full_page_writes=on "
                                                         : "-c fsync=off "
                                                           "-c synchronous_commit=off "
                                                           "-c full_page_writes=off ";
        const std::string options = "-k '" + m_dir.string() + "' -c listen_addresses='' " +
                                    durability + "-c max_connections=200";
        m_pgCtl = (bin / "pg_ctl").string();
        if (!run({m_pgCtl, "-D", m_data.string(), "-l", (m_dir / "server.log").string(), "-o",
                  options, "-w", "-t", "60", "-s", "start"})) {
            m_error = "pg_ctl start failed:\n" + logTail();
            return false;
        }
        m_started = true;
        return true;
    }

    void stop() {
        if (m_started) {
            (void)run({m_pgCtl, "-D", m_data.string(), "-m", "immediate", "-w", "-s", "stop"});
            m_started = false;
        }
        if (!m_dir.empty()) {
            std::error_code ignored;
            std::filesystem::remove_all(m_dir, ignored);
            m_dir.clear();
        }
    }

    Options m_options;
    std::filesystem::path m_dir;
    std::filesystem::path m_data;
    std::string m_pgCtl;
    std::string m_error;
    bool m_started = false;
    bool m_asOther = false;
    uid_t m_uid = 0;
    gid_t m_gid = 0;
    std::atomic<int> m_databases{0};
};

} // namespace madoguchi::test
