// SPDX-License-Identifier: Apache-2.0
#include "central/Revocation.h"

#include "core/Log.h"
#include "crypto/OpenSslHandles.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <chrono>
#include <string>
#include <system_error>
#include <vector>

namespace madoguchi::central {

namespace {

using crypto::X509Crl;

using FileStamp = Revocation::FileStamp;

std::optional<FileStamp> stampOf(const std::filesystem::path& file) {
    std::error_code ec;
    const auto modified = std::filesystem::last_write_time(file, ec);
    if (ec) {
        return std::nullopt;
    }
    const auto size = std::filesystem::file_size(file, ec);
    if (ec) {
        return std::nullopt;
    }
    return FileStamp{modified, size};
}

Error invalid(const std::filesystem::path& file, std::string what) {
    ERR_clear_error();
    return Error{ErrorCode::ConfigInvalid, file.string() + ": " + std::move(what)};
}

Result<std::vector<crypto::X509Certificate>> readCertificates(const std::filesystem::path& file) {
    crypto::Bio bio(BIO_new_file(file.c_str(), "r"));
    if (!bio) {
        return invalid(file, "cannot read");
    }
    std::vector<crypto::X509Certificate> out;
    while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
        out.emplace_back(cert);
    }
    ERR_clear_error(); // the end of the file reads as an error
    if (out.empty()) {
        return invalid(file, "no certificate");
    }
    return out;
}

Result<std::vector<X509Crl>> readCrls(const std::filesystem::path& file) {
    crypto::Bio bio(BIO_new_file(file.c_str(), "r"));
    if (!bio) {
        return invalid(file, "cannot read");
    }
    std::vector<X509Crl> out;
    while (X509_CRL* crl = PEM_read_bio_X509_CRL(bio.get(), nullptr, nullptr, nullptr)) {
        out.emplace_back(crl);
    }
    ERR_clear_error();
    if (out.empty()) {
        return invalid(file, "no CRL (PEM, BEGIN X509 CRL)");
    }
    return out;
}

} // namespace

struct Revocation::Snapshot {
    crypto::X509Store store; // the client CAs and their CRLs, CRL_CHECK on
    std::vector<X509Crl> crls;
    std::optional<FileStamp> stamp;
};

Revocation::Revocation(std::filesystem::path clientCaFile, std::filesystem::path crlFile)
    : m_clientCaFile(std::move(clientCaFile)), m_crlFile(std::move(crlFile)) {}

Revocation::~Revocation() = default;

Result<std::unique_ptr<Revocation>> Revocation::load(std::filesystem::path clientCaFile,
                                                     std::filesystem::path crlFile) {
    std::unique_ptr<Revocation> self(new Revocation(std::move(clientCaFile), std::move(crlFile)));
    auto snapshot = self->read();
    if (!snapshot) {
        return snapshot.error();
    }
    self->m_current = std::move(*snapshot);
    return self;
}

Result<std::shared_ptr<const Revocation::Snapshot>> Revocation::read() const {
    // The stamp first: a change made while we read is seen at the next poll.
    auto stamp = stampOf(m_crlFile);
    auto cas = readCertificates(m_clientCaFile);
    if (!cas) {
        return cas.error();
    }
    auto crls = readCrls(m_crlFile);
    if (!crls) {
        return crls.error();
    }
    auto snapshot = std::make_shared<Snapshot>();
    snapshot->store.reset(X509_STORE_new());
    if (!snapshot->store) {
        return Error{ErrorCode::TlsFailure, "X509_STORE_new"};
    }
    for (const auto& ca : *cas) {
        if (X509_STORE_add_cert(snapshot->store.get(), ca.get()) != 1) {
            return invalid(m_clientCaFile, "certificate not usable");
        }
    }
    const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    for (auto& crl : *crls) {
        // Signed by one of our client CAs, or the handshake would refuse every kiosk.
        bool signedByCa = false;
        for (const auto& ca : *cas) {
            if (X509_NAME_cmp(X509_CRL_get_issuer(crl.get()), X509_get_subject_name(ca.get())) ==
                    0 &&
                X509_CRL_verify(crl.get(), X509_get0_pubkey(ca.get())) == 1) {
                signedByCa = true;
                break;
            }
        }
        if (!signedByCa) {
            return invalid(m_crlFile, "a CRL is not signed by a CA of the client CA file");
        }
        // An expired CRL fails every handshake (OpenSSL's rule): say so loudly, still load it.
        const ASN1_TIME* next = X509_CRL_get0_nextUpdate(crl.get());
        time_t nowCopy = now;
        if (next != nullptr && X509_cmp_time(next, &nowCopy) < 0) {
            logger()->error("revocation: the CRL in {} has expired (nextUpdate passed): every "
                            "kiosk is refused until a fresh CRL is installed",
                            m_crlFile.string());
        }
        if (X509_STORE_add_crl(snapshot->store.get(), crl.get()) != 1) {
            return invalid(m_crlFile, "CRL not usable");
        }
    }
    if (X509_STORE_set_flags(snapshot->store.get(), X509_V_FLAG_CRL_CHECK) != 1) {
        return Error{ErrorCode::TlsFailure, "X509_STORE_set_flags"};
    }
    snapshot->crls = std::move(*crls);
    snapshot->stamp = stamp;
    std::size_t revoked = 0;
    for (const auto& crl : snapshot->crls) {
        if (const auto* list = X509_CRL_get_REVOKED(crl.get())) {
            revoked += static_cast<std::size_t>(sk_X509_REVOKED_num(list));
        }
    }
    logger()->info("revocation: {} loaded, {} revoked certificate(s)", m_crlFile.string(), revoked);
    return std::shared_ptr<const Snapshot>(std::move(snapshot));
}

std::shared_ptr<const Revocation::Snapshot> Revocation::current() const {
    std::lock_guard lock(m_mutex);
    return m_current;
}

X509_STORE* Revocation::acquireStore() const {
    const auto snapshot = current();
    X509_STORE* store = snapshot->store.get();
    if (X509_STORE_up_ref(store) != 1) {
        return nullptr;
    }
    return store;
}

bool Revocation::isRevoked(X509* cert) const {
    if (cert == nullptr) {
        return false;
    }
    const auto snapshot = current();
    for (const auto& crl : snapshot->crls) {
        X509_REVOKED* entry = nullptr;
        // Matches the issuer name and the serial number.
        if (X509_CRL_get0_by_cert(crl.get(), &entry, cert) == 1) {
            return true;
        }
    }
    return false;
}

Status Revocation::reload() {
    auto snapshot = read();
    if (!snapshot) {
        logger()->error("revocation: {} not reloaded, the previous list stays: {}",
                        m_crlFile.string(), snapshot.error().detail);
        return snapshot.error();
    }
    std::lock_guard lock(m_mutex);
    m_current = std::move(*snapshot);
    return {};
}

void Revocation::reloadIfChanged() {
    const auto stamp = stampOf(m_crlFile);
    {
        std::lock_guard lock(m_mutex);
        if (stamp == m_current->stamp || stamp == m_failedStamp) {
            return;
        }
    }
    // A file that does not load is not tried again until it changes.
    if (!reload()) {
        std::lock_guard lock(m_mutex);
        m_failedStamp = stamp;
    }
}

void Revocation::poll() {
    if (m_reloadRequested.exchange(false)) {
        (void)reload();
        return;
    }
    reloadIfChanged();
}

} // namespace madoguchi::central
