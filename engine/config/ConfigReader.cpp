// SPDX-License-Identifier: Apache-2.0
#include "config/ConfigReader.h"

namespace madoguchi::config {

namespace {
std::uint32_t lineOf(const toml::node& node) {
    return node.source().begin.line;
}
} // namespace

ConfigReader::ConfigReader(const toml::table& table, std::string prefix, std::filesystem::path file,
                           std::vector<ConfigIssue>& issues)
    : m_table(&table), m_prefix(std::move(prefix)), m_file(std::move(file)), m_issues(&issues) {}

std::string ConfigReader::fullKey(std::string_view key) const {
    return m_prefix.empty() ? std::string(key) : m_prefix + "." + std::string(key);
}

bool ConfigReader::has(std::string_view key) const {
    return m_table->contains(key);
}

void ConfigReader::report(std::string_view key, std::string problem) {
    const toml::node* node = m_table->get(key);
    reportAt(key, node != nullptr ? lineOf(*node) : lineOf(*m_table), std::move(problem));
}

void ConfigReader::reportAt(std::string_view key, std::uint32_t line, std::string problem) {
    m_issues->push_back(ConfigIssue{fullKey(key), std::move(problem), m_file, line});
}

const toml::node* ConfigReader::find(std::string_view key, bool required,
                                     std::string_view expected) {
    m_known.emplace(key);
    const toml::node* node = m_table->get(key);
    if (node == nullptr && required) {
        report(key, "missing (" + std::string(expected) + " required)");
    }
    return node;
}

std::optional<std::string> ConfigReader::text(std::string_view key, bool required) {
    const toml::node* node = find(key, required, "a string");
    if (node == nullptr) {
        return std::nullopt;
    }
    const auto* value = node->as_string();
    if (value == nullptr) {
        report(key, "must be a string");
        return std::nullopt;
    }
    return value->get();
}

std::optional<std::int64_t> ConfigReader::integer(std::string_view key, bool required) {
    const toml::node* node = find(key, required, "an integer");
    if (node == nullptr) {
        return std::nullopt;
    }
    const auto* value = node->as_integer();
    if (value == nullptr) {
        report(key, "must be an integer");
        return std::nullopt;
    }
    return value->get();
}

std::optional<bool> ConfigReader::boolean(std::string_view key, bool required) {
    const toml::node* node = find(key, required, "true or false");
    if (node == nullptr) {
        return std::nullopt;
    }
    const auto* value = node->as_boolean();
    if (value == nullptr) {
        report(key, "must be true or false");
        return std::nullopt;
    }
    return value->get();
}

std::optional<std::vector<ConfigReader::Text>> ConfigReader::textArray(std::string_view key) {
    const toml::node* node = find(key, false, "an array of strings");
    if (node == nullptr) {
        return std::nullopt;
    }
    const auto* array = node->as_array();
    if (array == nullptr) {
        report(key, "must be an array of strings");
        return std::nullopt;
    }
    std::vector<Text> values;
    for (const toml::node& element : *array) {
        const auto* value = element.as_string();
        if (value == nullptr) {
            reportAt(key, lineOf(element), "must be an array of strings");
            return std::nullopt;
        }
        values.push_back(Text{value->get(), lineOf(element)});
    }
    return values;
}

std::optional<ConfigReader> ConfigReader::table(std::string_view key, bool required) {
    const toml::node* node = find(key, required, "a table");
    if (node == nullptr) {
        return std::nullopt;
    }
    const auto* value = node->as_table();
    if (value == nullptr) {
        report(key, "must be a table");
        return std::nullopt;
    }
    return ConfigReader(*value, fullKey(key), m_file, *m_issues);
}

void ConfigReader::refuseUnknownKeys() {
    for (const auto& [key, node] : *m_table) {
        if (m_known.find(key.str()) == m_known.end()) {
            reportAt(key.str(),
                     key.source().begin.line != 0 ? key.source().begin.line : lineOf(node),
                     "unknown key (misspelt? unknown keys are refused)");
        }
    }
}

} // namespace madoguchi::config
