// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"

#include <utility>

// One way to pass a failure up, instead of a hand-written `if (!x) return x.error();` after
// every call. Both work in any function returning a Result<T> or Status.
//
//   MADOGUCHI_TRY(stmt.run());                       // a Status or any Result: stop on error
//   MADOGUCHI_TRY_ASSIGN(auto stmt, db.prepare(sql)); // declare (or assign) from a Result
#define MADOGUCHI_TRY_CONCAT_INNER(a, b) a##b
#define MADOGUCHI_TRY_CONCAT(a, b) MADOGUCHI_TRY_CONCAT_INNER(a, b)

#define MADOGUCHI_TRY(expr)                                                                        \
    do {                                                                                           \
        if (auto&& madoguchi_try_result = (expr); !madoguchi_try_result) {                         \
            return madoguchi_try_result.error();                                                   \
        }                                                                                          \
    } while (false)

#define MADOGUCHI_TRY_ASSIGN_IMPL(tmp, lhs, expr)                                                  \
    auto tmp = (expr);                                                                             \
    if (!tmp) {                                                                                    \
        return tmp.error();                                                                        \
    }                                                                                              \
    lhs = std::move(tmp).value()

#define MADOGUCHI_TRY_ASSIGN(lhs, expr)                                                            \
    MADOGUCHI_TRY_ASSIGN_IMPL(MADOGUCHI_TRY_CONCAT(madoguchi_try_, __COUNTER__), lhs, expr)
