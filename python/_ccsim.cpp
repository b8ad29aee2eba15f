// The C++ side of the Python module (python/ccsim/__init__.py wraps it): each command as one
// call that returns its JSON report as text, with ccsim's errors as Python exceptions.

#include <algorithm>
#include <thread>

#include <fmt/format.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <ccsim/cc/report.hpp>
#include <ccsim/error.hpp>
#include <ccsim/eval/answers.hpp>
#include <ccsim/eval/data.hpp>
#include <ccsim/eval/evaluator.hpp>
#include <ccsim/eval/export.hpp>
#include <ccsim/eval/forward.hpp>
#include <ccsim/io/files.hpp>
#include <ccsim/model/weights.hpp>
#include <ccsim/reduction.hpp>
#include <ccsim/report/report.hpp>
#include <ccsim/report/writers.hpp>
#include <ccsim/sweep/sweep.hpp>

namespace py = pybind11;
using namespace ccsim;

namespace {

/// 0: every core, as --threads auto; the command line's limits otherwise.
unsigned threadsOf(unsigned threads) {
    if (threads > 1024)
        throw UsageError(fmt::format("threads={} is more than the 1024 ccsim runs", threads));
    return threads != 0 ? threads : std::max(1U, std::thread::hardware_concurrency());
}

VerifyOptions verifyOptions(std::uint64_t seed, std::uint64_t sample, unsigned threads) {
    VerifyOptions options;
    options.seed = seed;
    options.threads = threadsOf(threads);
    if (sample > (std::uint64_t{1} << 40))
        throw UsageError(
            fmt::format("sample={} is more than the 2^40 instances ccsim draws", sample));
    if (sample > 0) {
        options.mode = VerifyMode::Sample;
        options.sampleCount = sample;
    }
    return options;
}

std::string runJson(const std::string& name, const std::vector<std::string>& words,
                    std::uint64_t seed, std::uint64_t sample, unsigned threads) {
    files::CommandScope scope;
    const BuiltReduction built = buildReduction(name, words);
    const VerifyOptions options = verifyOptions(seed, sample, threads);
    checkRunSize(*built.reduction, options);
    py::gil_scoped_release release;
    return write(checkAndReport(built, options), ReportFormat::Json);
}

std::string sweepJson(const std::string& name, const std::vector<std::string>& words,
                      std::uint64_t seed, std::uint64_t sample, unsigned threads,
                      std::int64_t autoMax) {
    files::CommandScope scope;
    const ReductionInfo& info = ReductionRegistry::instance().get(name, "reduction");
    const SweepPlan plan = planSweep(info, words, autoMax);
    const VerifyOptions options = verifyOptions(seed, sample, threads);
    checkSweepPoints(plan, options);
    py::gil_scoped_release release;
    return write(runSweep(plan, options, {}), ReportFormat::Json);
}

std::string evalJson(const std::string& task, const std::vector<std::string>& words,
                     std::uint64_t seed, unsigned threads) {
    files::CommandScope scope;
    EvalRequest request;
    request.words = words;
    request.seed = seed;
    request.threads = threadsOf(threads);
    py::gil_scoped_release release;
    return write(evaluate(task, request), ReportFormat::Json);
}

py::bytes dataNpz(const std::string& name, const std::vector<std::string>& words,
                  std::uint64_t seed, std::uint64_t sample) {
    files::CommandScope scope;
    std::string bytes;
    {
        py::gil_scoped_release release;
        bytes = npzBytes(makeData(name, words, seed, sample).arrays);
    }
    return py::bytes(bytes);
}

py::bytes exportSafetensors(const std::string& name, const std::vector<std::string>& words) {
    files::CommandScope scope;
    std::string bytes;
    {
        py::gil_scoped_release release;
        bytes = safetensorsBytes(exportModel(name, words).file);
    }
    return py::bytes(bytes);
}

std::string forwardJson(const std::vector<std::string>& words, unsigned threads) {
    files::CommandScope scope;
    py::gil_scoped_release release;
    return write(forwardPass(words, threadsOf(threads)), ReportFormat::Json);
}

std::string ccJson(const std::string& name, const std::vector<std::string>& words,
                   std::uint64_t prime, const std::string& sat, const std::string& fromRun) {
    files::CommandScope scope;
    if (sat != "auto" && sat != "on" && sat != "off")
        throw UsageError(fmt::format("sat={}: expected auto, on or off", sat));
    if (prime < 2 || prime > (std::uint64_t{1} << 62))
        throw UsageError(fmt::format("prime={} is out of range [2, 2^62]", prime));
    const cc::SatWhen when = sat == "on"    ? cc::SatWhen::On
                             : sat == "off" ? cc::SatWhen::Off
                                            : cc::SatWhen::Auto;
    cc::Source source = fromRun.empty() ? cc::sourceOf(name, words) : answerSource(fromRun, words);
    py::gil_scoped_release release;
    return cc::jsonReport(cc::analyse(std::move(source), prime, when));
}

}  // namespace

PYBIND11_MODULE(_ccsim, m) {
    m.doc() = "ccsim's commands as functions returning JSON reports (see the ccsim package)";
    static py::exception<UsageError> usage(m, "UsageError", PyExc_ValueError);
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const UsageError& e) {
            usage(e.what());
        } catch (const Error& e) {
            PyErr_SetString(PyExc_RuntimeError, e.what());
        }
    });
    m.def("run_json", &runJson, py::arg("name"), py::arg("words"), py::arg("seed"),
          py::arg("sample"), py::arg("threads"));
    m.def("sweep_json", &sweepJson, py::arg("name"), py::arg("words"), py::arg("seed"),
          py::arg("sample"), py::arg("threads"), py::arg("auto_max"));
    m.def("eval_json", &evalJson, py::arg("task"), py::arg("words"), py::arg("seed"),
          py::arg("threads"));
    m.def("forward_json", &forwardJson, py::arg("words"), py::arg("threads"));
    m.def("export_safetensors", &exportSafetensors, py::arg("name"), py::arg("words"));
    m.def("data_npz", &dataNpz, py::arg("name"), py::arg("words"), py::arg("seed"),
          py::arg("sample"));
    m.def(
        "provide_input",
        [](const std::string& name, const py::bytes& data) {
            files::provideMemoryInput(name, std::string(data));
        },
        py::arg("name"), py::arg("data"));
    m.def("cc_json", &ccJson, py::arg("name"), py::arg("words"), py::arg("prime"), py::arg("sat"),
          py::arg("from_run"));
    m.def("withdraw_input", &files::withdrawMemoryInput, py::arg("name"));
}
