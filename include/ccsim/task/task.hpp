#pragma once
/// \file
/// Tasks as `ccsim list` and `ccsim explain` show them. A task is a function on token
/// sequences with an exact reference (task/qsa.hpp, match.hpp, hop.hpp); each task's file
/// registers one TaskInfo, and `ccsim eval TASK` has one evaluator per registered task.

#include <string>

#include <ccsim/registry.hpp>

namespace ccsim {

struct TaskInfo {
    std::string name;
    std::string summary;  ///< one line
    std::string details;  ///< a paragraph
};
using TaskRegistry = Registry<TaskInfo>;

}  // namespace ccsim
