// SPDX-License-Identifier: Apache-2.0
#pragma once

// Private to devices/: owners for every libfido2 handle.

#include <fido.h>
#include <fido/eddsa.h>
#include <fido/es256.h>
#include <fido/rs256.h>

#include <memory>

namespace madoguchi::devices {

struct FidoDevDeleter {
    void operator()(fido_dev_t* d) const {
        fido_dev_close(d); // harmless on a device that never opened
        fido_dev_free(&d);
    }
};
using FidoDev = std::unique_ptr<fido_dev_t, FidoDevDeleter>;

struct FidoCredDeleter {
    void operator()(fido_cred_t* c) const { fido_cred_free(&c); }
};
using FidoCred = std::unique_ptr<fido_cred_t, FidoCredDeleter>;

struct FidoAssertDeleter {
    void operator()(fido_assert_t* a) const { fido_assert_free(&a); }
};
using FidoAssert = std::unique_ptr<fido_assert_t, FidoAssertDeleter>;

struct FidoCborInfoDeleter {
    void operator()(fido_cbor_info_t* i) const { fido_cbor_info_free(&i); }
};
using FidoCborInfo = std::unique_ptr<fido_cbor_info_t, FidoCborInfoDeleter>;

// fido_dev_info_t is an array whose length the deleter must know.
class FidoDevInfoList {
public:
    explicit FidoDevInfoList(std::size_t capacity)
        : m_list(fido_dev_info_new(capacity)), m_capacity(capacity) {}
    FidoDevInfoList(const FidoDevInfoList&) = delete;
    FidoDevInfoList& operator=(const FidoDevInfoList&) = delete;
    ~FidoDevInfoList() {
        if (m_list != nullptr) {
            fido_dev_info_free(&m_list, m_capacity);
        }
    }
    fido_dev_info_t* get() const { return m_list; }
    std::size_t capacity() const { return m_capacity; }

private:
    fido_dev_info_t* m_list;
    std::size_t m_capacity;
};

struct Es256PkDeleter {
    void operator()(es256_pk_t* k) const { es256_pk_free(&k); }
};
using Es256Pk = std::unique_ptr<es256_pk_t, Es256PkDeleter>;

struct Rs256PkDeleter {
    void operator()(rs256_pk_t* k) const { rs256_pk_free(&k); }
};
using Rs256Pk = std::unique_ptr<rs256_pk_t, Rs256PkDeleter>;

struct EddsaPkDeleter {
    void operator()(eddsa_pk_t* k) const { eddsa_pk_free(&k); }
};
using EddsaPk = std::unique_ptr<eddsa_pk_t, EddsaPkDeleter>;

} // namespace madoguchi::devices
