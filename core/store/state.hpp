// Detector state in the store (Cf::kState): small key/value records written with the batch of the
// change that made them, and loaded once at start-up. Keys are namespaced by the caller's prefix.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/store/batch.hpp"
#include "core/store/store.hpp"
#include "core/util/result.hpp"

namespace vigil::store {

void PutState(Batch& b, std::string_view key, std::string_view value);
void DeleteState(Batch& b, std::string_view key);

// Every (key, value) whose key starts with `prefix`, in key order. Start-up only: synchronous.
Result<std::vector<std::pair<std::string, std::string>>> LoadStates(const Store& store,
                                                                    std::string_view prefix);

}  // namespace vigil::store
