// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Error.h"

#include <cassert>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

namespace madoguchi {

// Holds a T or an Error. No exceptions cross the engine or devices API: a function that can
// fail returns Result<T>, and the caller must look at it ([[nodiscard]]).
template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_v(std::in_place_index<0>, std::move(value)) {}
    Result(Error error) : m_v(std::in_place_index<1>, std::move(error)) {}
    Result(ErrorCode code, std::string detail = {})
        : m_v(std::in_place_index<1>, Error{code, std::move(detail)}) {}

    bool ok() const { return m_v.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & {
        assert(ok());
        return std::get<0>(m_v);
    }
    const T& value() const& {
        assert(ok());
        return std::get<0>(m_v);
    }
    T&& value() && {
        assert(ok());
        return std::get<0>(std::move(m_v));
    }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const {
        assert(!ok());
        return std::get<1>(m_v);
    }
    ErrorCode code() const { return error().code; }

private:
    std::variant<T, Error> m_v;
};

template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)) {}
    Result(ErrorCode code, std::string detail = {}) : m_error(Error{code, std::move(detail)}) {}

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error& error() const {
        assert(!ok());
        return *m_error;
    }
    ErrorCode code() const { return error().code; }

private:
    std::optional<Error> m_error;
};

using Status = Result<void>;

} // namespace madoguchi
