// ccsim export (include/ccsim/eval/export.hpp): a reduction's model written as tensors and
// read back gives the same run, fact for fact, and the same forward pass bit for bit.

#include <filesystem>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <unistd.h>

#include <ccsim/error.hpp>
#include <ccsim/eval/export.hpp>
#include <ccsim/model/transformer.hpp>
#include <ccsim/model/weights.hpp>
#include <ccsim/numeric/random.hpp>
#include <ccsim/reduction.hpp>
#include <ccsim/report/report.hpp>

using namespace ccsim;
namespace fs = std::filesystem;

namespace {

std::string scratchFile(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / ("ccsim-export-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    return (dir / name).string();
}

/// The facts of a run that do not name where the model came from.
void checkSameFacts(const Report& a, const Report& b) {
    CHECK(a.outcome == b.outcome);
    CHECK(a.strategy == b.strategy);
    CHECK(a.declaredBits == b.declaredBits);
    CHECK(a.minBits == b.minBits);
    CHECK(a.maxBits == b.maxBits);
    CHECK(a.instances == b.instances);
    CHECK(a.correct == b.correct);
    CHECK(a.incorrect == b.incorrect);
    CHECK(a.distinctTranscripts == b.distinctTranscripts);
    CHECK(a.firstIncorrect.has_value() == b.firstIncorrect.has_value());
    if (a.firstIncorrect && b.firstIncorrect) {
        CHECK(a.firstIncorrect->instance == b.firstIncorrect->instance);
        CHECK(a.firstIncorrect->transcript == b.firstIncorrect->transcript);
    }
    REQUIRE(a.witness.runs.size() == b.witness.runs.size());
    for (std::size_t i = 0; i < a.witness.runs.size(); ++i) {
        CHECK(a.witness.runs[i].instance == b.witness.runs[i].instance);
        CHECK(a.witness.runs[i].transcript == b.witness.runs[i].transcript);
    }
}

}  // namespace

TEST_SUITE("eval/export") {
    TEST_CASE("export, then run with weights=: the same facts as the construction itself") {
        struct Case {
            const char* name;
            std::vector<std::string> words;
        };
        const std::vector<Case> cases = {
            {"qsa_random", {"q=4"}},
            {"qsa_random", {"q=3", "H=2", "precision=fixed:12:8"}},
            {"qsa_cyclic", {"q=3", "precision=fp64"}},
            {"disj_qsa", {"construction=random", "q=3", "m=2"}},  // too small: fails, witness
            {"fnn_copy", {"N=8"}},
            {"qsa_fnn", {"construction=random", "N=8", "w=2"}},
        };
        for (const Case& c : cases) {
            CAPTURE(c.name);
            CAPTURE(c.words.size());
            const ModelExport exported = exportModel(c.name, c.words);
            const std::string path = scratchFile(std::string(c.name) + ".safetensors");
            writeSafetensors(path, exported.file);
            // The run from the file: the same words without the model's own parameters.
            std::vector<std::string> fromFile = {"weights=" + path};
            for (const std::string& w : exported.words) {
                const std::string key = w.substr(0, w.find('='));
                if (key != "construction" && key != "m" && key != "model_seed" && key != "eps" &&
                    key != "w")
                    fromFile.push_back(w);
            }
            VerifyOptions options;
            const Report original = checkAndReport(exported.reduction, exported.words, options);
            const Report reread = checkAndReport(exported.reduction, fromFile, options);
            CHECK(reread.model.find(path) != std::string::npos);
            checkSameFacts(original, reread);
        }
    }

    TEST_CASE("a transformer construction round-trips bit for bit") {
        const ModelExport exported = exportModel("hop_doubling", {"n=8", "k=2"});
        CHECK(exported.family == "transformer");
        const BuiltReduction built = buildReduction(exported.reduction, exported.words);
        const auto pass = built.reduction->modelPass(built.reduction->problem().instance(0));
        REQUIRE(pass);
        const auto reread =
            loadTransformer(exported.file, "t.safetensors", pass->model->tokenDim());
        CHECK(reread->referenceAll(pass->tokens, 1) == pass->model->referenceAll(pass->tokens, 1));
        CHECK(exported.file.metadata.at("source").find("ccsim export hop_transformer") == 0);
    }

    TEST_CASE("what cannot be exported says why") {
        CHECK_THROWS_WITH_AS(exportModel("random", {}), doctest::Contains("name the reduction"),
                             UsageError);
        CHECK_THROWS_WITH_AS(exportModel("qsa_randm", {}),
                             doctest::Contains("did you mean 'qsa_random'?"), UsageError);
        CHECK_THROWS_WITH_AS(exportModel("disj_trivial", {}),
                             doctest::Contains("has no compiled model to export"), UsageError);
        CHECK_THROWS_WITH_AS(exportModel("index_memory", {}),
                             doctest::Contains("ccsim reads no rnn weights from files"),
                             UsageError);
        CHECK_THROWS_WITH_AS(exportModel("match3_histogram", {}),
                             doctest::Contains("cannot be written to a weights file"), UsageError);
        CHECK_THROWS_WITH_AS(exportModel("qsa_random", {"construction=qsa_cyclic"}),
                             doctest::Contains("already names the construction"), UsageError);
    }
}
