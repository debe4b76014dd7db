// SPDX-License-Identifier: Apache-2.0
#pragma once

// A test-only HTTPS front (mutual TLS, cpp-httplib) over the real central core
// (central::CentralService) with fault injection: a 503 instead of an answer, a slow answer
// after the work is done, or a connection dropped in the middle of the answer body. The
// madoguchi-central server has no such faults, so the kiosk's retries are tested here
// against the real idempotency logic of the core.

#include "../engine/sync/TlsTestServer.h"
#include "central/CentralService.h"
#include "core/Cancellation.h"
#include "protocol/ErrorBody.h"
#include "protocol/JsonReader.h"
#include "protocol/Paths.h"

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <thread>

namespace madoguchi::test {

class CentralFront {
public:
    enum class Fault {
        None,
        Unavailable,               // 503 before the core sees the request
        InvalidRequest,            // 400 invalid_request before the core sees the request
        SlowAfterProcessing,       // the core records it, the answer comes after `slowFor`
        DropMidBodyAfterProcessing // the core records it, the answer body is cut off
    };
    // Called with the 1-based number of each POST /v1/enrollments.
    std::function<Fault(int)> faults = [](int) {
        return Fault::None;
    };
    std::chrono::milliseconds slowFor{1500};

    CentralFront(central::CentralService& service, const std::filesystem::path& cert,
                 const std::filesystem::path& key, const std::filesystem::path& clientCa)
        : m_service(service), m_server(cert, key, clientCa) {
        auto& http = m_server.http();
        http.Get(std::string(protocol::Paths::kHealth),
                 [this](const auto&, auto& res) { reply(res, 200, m_service.health().toJson()); });
        http.Post(
            std::string(protocol::Paths::kEnrollments),
            [this](const httplib::Request& req, httplib::Response& res) { submit(req, res); });
    }

    // Release held answers, then join the server's threads while the token they wait on is
    // still alive (members are destroyed in reverse order; the token outlives the server).
    ~CentralFront() { stop(); }
    int start(int port = 0) { return m_server.start(port); }
    void stop() {
        m_release.cancel();
        m_server.stop();
    }
    std::string url() const { return m_server.url(); }
    int submissions() const { return m_submissions.load(); }
    // Answers that left the front (a held SlowAfterProcessing answer counts once released).
    int answersSent() const { return m_answers.load(); }
    // Ends the wait of every SlowAfterProcessing answer now (and of later ones).
    void releaseHeldAnswers() { m_release.cancel(); }

private:
    static void reply(httplib::Response& res, int status, const nlohmann::json& body) {
        res.status = status;
        res.set_content(body.dump(), "application/json");
    }

    static std::string peerCommonName(const httplib::Request& req) {
        if (req.ssl == nullptr) {
            return {};
        }
        X509* cert = SSL_get1_peer_certificate(req.ssl);
        if (cert == nullptr) {
            return {};
        }
        char cn[256] = {};
        const int n =
            X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, cn, sizeof cn);
        X509_free(cert);
        return n > 0 ? std::string(cn, static_cast<std::size_t>(n)) : std::string();
    }

    void submit(const httplib::Request& req, httplib::Response& res) {
        const Fault fault = faults(++m_submissions);
        if (fault == Fault::Unavailable) {
            reply(res, 503, {{"code", "unavailable"}, {"detail", "injected"}});
            return;
        }
        if (fault == Fault::InvalidRequest) {
            reply(res, 400, {{"code", "invalid_request"}, {"detail", "envelope: injected"}});
            return;
        }
        auto json = protocol::parseJson(req.body);
        if (!json) {
            reply(res, 400, {{"code", "invalid_request"}, {"detail", json.error().detail}});
            return;
        }
        auto request = protocol::SubmitEnrollmentRequest::fromJson(*json);
        if (!request) {
            reply(res, 400, {{"code", "invalid_request"}, {"detail", request.error().detail}});
            return;
        }
        if (request->kioskId != peerCommonName(req)) {
            reply(res, 403, {{"code", "kiosk_not_authorized"}, {"detail", "CN"}});
            return;
        }
        auto answer = m_service.submitEnrollment(*request);
        if (!answer.ok()) {
            auto body = answer.errorBody();
            reply(res, protocol::ErrorBody::httpStatus(answer.code()), body.toJson());
            return;
        }
        const std::string text = answer.value().toJson().dump();
        if (fault == Fault::SlowAfterProcessing) {
            m_release.waitFor(slowFor);
        }
        ++m_answers;
        if (fault == Fault::DropMidBodyAfterProcessing) {
            res.set_content_provider(
                text.size(), "application/json",
                [text](std::size_t offset, std::size_t, httplib::DataSink& sink) {
                    if (offset == 0) {
                        sink.write(text.data(), text.size() / 2);
                        return true;
                    }
                    return false;
                });
            return;
        }
        res.status = 200;
        res.set_content(text, "application/json");
    }

    central::CentralService& m_service;
    CancellationToken m_release;
    std::atomic<int> m_submissions{0};
    std::atomic<int> m_answers{0};
    TlsTestServer m_server;
};

} // namespace madoguchi::test
