# SPDX-License-Identifier: Apache-2.0
# Helpers shared by every part: per-target warnings and one way to add a test.

# Warnings are set per target, never globally, so third-party code keeps its own flags.
function(madoguchi_set_warnings target)
    if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
        target_compile_options(${target} PRIVATE
            -Wall -Wextra -Wpedantic -Wconversion -Wsign-conversion -Wshadow
            -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual)
        if(MADOGUCHI_WERROR)
            target_compile_options(${target} PRIVATE -Werror)
        endif()
    elseif(MSVC)
        target_compile_options(${target} PRIVATE /W4 /permissive- /utf-8)
    endif()
endfunction()

# madoguchi_add_test(NAME engine_tests SOURCES a.cpp b.cpp LIBS Madoguchi::Engine
#                    LABELS unit [TIMEOUT 120] [ENVIRONMENT K=V ...] [WRAPPER cmd ...]
#                    [OWN_MAIN])
# One GoogleTest executable registered as one CTest entry per test case. OWN_MAIN: the
# sources bring main() (GUI tests start wxWidgets first).
function(madoguchi_add_test)
    cmake_parse_arguments(T "OWN_MAIN" "NAME;TIMEOUT;DISCOVER_FILTER" "SOURCES;LIBS;LABELS;ENVIRONMENT;WRAPPER"
                          ${ARGN})
    if(NOT T_NAME OR NOT T_SOURCES)
        message(FATAL_ERROR "madoguchi_add_test needs NAME and SOURCES")
    endif()
    add_executable(${T_NAME} ${T_SOURCES})
    target_link_libraries(${T_NAME} PRIVATE ${T_LIBS} GTest::gtest GTest::gmock)
    if(NOT T_OWN_MAIN)
        target_link_libraries(${T_NAME} PRIVATE GTest::gtest_main)
    endif()
    # Helpers shared by several suites (scratch directories, ...).
    target_include_directories(${T_NAME} PRIVATE ${PROJECT_SOURCE_DIR}/tests/support)
    target_compile_definitions(${T_NAME} PRIVATE
        MADOGUCHI_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
        MADOGUCHI_BINARY_DIR="${PROJECT_BINARY_DIR}")
    madoguchi_set_warnings(${T_NAME})
    if(NOT T_TIMEOUT)
        set(T_TIMEOUT 300)
    endif()
    set(_props TIMEOUT ${T_TIMEOUT} LABELS "${T_LABELS}")
    if(T_ENVIRONMENT)
        list(APPEND _props ENVIRONMENT "${T_ENVIRONMENT}")
    endif()
    # gtest_discover_tests reads the wrapper when it is called: set it first.
    if(T_WRAPPER)
        set_property(TARGET ${T_NAME} PROPERTY CROSSCOMPILING_EMULATOR "${T_WRAPPER}")
    endif()
    # DISCOVER_FILTER: only the tests matching this gtest filter become CTest tests (the others
    # are run by a test the caller adds, e.g. a whole suite in one process).
    set(_filter)
    if(T_DISCOVER_FILTER)
        set(_filter TEST_FILTER "${T_DISCOVER_FILTER}")
    endif()
    gtest_discover_tests(${T_NAME}
        ${_filter}
        DISCOVERY_TIMEOUT 60
        PROPERTIES ${_props})
endfunction()
