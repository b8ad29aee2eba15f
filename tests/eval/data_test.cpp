// ccsim data (include/ccsim/eval/data.hpp): the arrays hold what the tasks and problems say,
// checked against definitions written out here, and the .npz archive holds exactly the
// .npy bytes of every array.

#include <ctime>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <zip.h>

#include <ccsim/error.hpp>
#include <ccsim/eval/data.hpp>
#include <ccsim/reduction.hpp>
#include <ccsim/task/qsa.hpp>

using namespace ccsim;

namespace {

const NamedArray& arrayNamed(const DataSet& d, const std::string& name) {
    for (const NamedArray& a : d.arrays)
        if (a.name == name) return a;
    FAIL("no array " << name);
    throw InternalError("unreachable");
}

}  // namespace

TEST_SUITE("eval/data") {
    TEST_CASE("qsa: y is the average of z over each token's set, by hand") {
        const DataSet d = makeData("qsa", {"N=6", "q=2", "dprime=2", "samples=4"}, 3, 0);
        const NamedArray& x = arrayNamed(d, "x");
        const NamedArray& y = arrayNamed(d, "y");
        const QsaShape shape{6, 2, 2};
        const std::size_t dim = shape.tokenDim();
        REQUIRE(x.shape == std::vector<std::size_t>{4, 6, dim});
        REQUIRE(y.shape == std::vector<std::size_t>{4, 6, 2});
        for (std::size_t b = 0; b < 4; ++b) {
            Matrix tokens(6, static_cast<Eigen::Index>(dim));
            for (std::size_t i = 0; i < 6; ++i)
                for (std::size_t c = 0; c < dim; ++c)
                    tokens(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(c)) =
                        x.data[(b * 6 + i) * dim + c];
            for (std::size_t i = 0; i < 6; ++i) {
                const QsaTokenParts parts =
                    qsaParts(shape, tokens.row(static_cast<Eigen::Index>(i)).transpose());
                for (std::size_t c = 0; c < 2; ++c) {
                    double sum = 0;
                    for (std::size_t j : parts.y)
                        sum += qsaParts(shape, tokens.row(static_cast<Eigen::Index>(j)).transpose())
                                   .z[static_cast<Eigen::Index>(c)];
                    CHECK(y.data[(b * 6 + i) * 2 + c] == doctest::Approx(sum / 2).epsilon(1e-14));
                }
            }
        }
        // Seeded: the same seed gives the same arrays, another seed others.
        CHECK(makeData("qsa", {"N=6", "q=2", "dprime=2", "samples=4"}, 3, 0).arrays[0].data ==
              x.data);
        CHECK(makeData("qsa", {"N=6", "q=2", "dprime=2", "samples=4"}, 4, 0).arrays[0].data !=
              x.data);
    }

    TEST_CASE("match2 and match3 over every input, by brute force") {
        for (const char* task : {"match2", "match3"}) {
            CAPTURE(task);
            const bool three = std::string(task) == "match3";
            const DataSet d = makeData(task, {"N=3", "M=4", "distinct=true", "samples=0"}, 1, 0);
            const NamedArray& x = arrayNamed(d, "x");
            const NamedArray& y = arrayNamed(d, "y");
            REQUIRE(x.shape == std::vector<std::size_t>{64, 3});
            for (std::size_t b = 0; b < 64; ++b)
                for (std::size_t i = 0; i < 3; ++i) {
                    const auto at = [&](std::size_t j) {
                        return static_cast<long>(x.data[b * 3 + j]);
                    };
                    bool want = false;
                    for (std::size_t j = 0; j < 3; ++j)
                        for (std::size_t k = 0; k < 3; ++k) {
                            if (j == i) continue;
                            if (three ? (k == i || k == j || (at(i) + at(j) + at(k)) % 4 != 0)
                                      : (k != 0 || (at(i) + at(j)) % 4 != 0))
                                continue;
                            want = true;
                        }
                    CHECK(y.data[b * 3 + i] == (want ? 1.0 : 0.0));
                }
        }
    }

    TEST_CASE("a reduction's instances: its model's tokens, the target and the truth") {
        const DataSet d = makeData("disj_qsa", {"q=2"}, 1, 0);
        const BuiltReduction built = buildReduction("disj_qsa", {"q=2"});
        const Problem& problem = built.reduction->problem();
        const NamedArray& x = arrayNamed(d, "x");
        const NamedArray& y = arrayNamed(d, "y");
        REQUIRE(y.shape == std::vector<std::size_t>{16});
        const std::size_t per = x.shape[1] * x.shape[2];
        for (std::uint64_t i = 0; i < 16; ++i) {
            const Instance instance = problem.instance(i);
            CHECK(y.data[i] == static_cast<double>(problem.truth(instance)));
            const auto pass = built.reduction->modelPass(instance);
            REQUIRE(pass);
            CHECK(arrayNamed(d, "target").data[i] == static_cast<double>(pass->target));
            for (Eigen::Index t = 0; t < pass->tokens.rows(); ++t)
                for (Eigen::Index c = 0; c < pass->tokens.cols(); ++c)
                    CHECK(x.data[i * per + static_cast<std::size_t>(t) * x.shape[2] +
                                 static_cast<std::size_t>(c)] == pass->tokens(t, c));
        }
        // A sample is run's sample: instance i is problem.sample(instanceSeed(seed, i)).
        const DataSet s = makeData("disj_qsa", {"q=2"}, 5, 3);
        CHECK(arrayNamed(s, "y").shape == std::vector<std::size_t>{3});
        CHECK_THROWS_WITH_AS(makeData("disj_trivial", {}, 1, 0),
                             doctest::Contains("has no model whose inputs could be written"),
                             UsageError);
        CHECK_THROWS_WITH_AS(makeData("qsa", {}, 1, 5), doctest::Contains("takes samples="),
                             UsageError);
        CHECK_THROWS_WITH_AS(makeData("hopp", {}, 1, 0), doctest::Contains("did you mean 'hop'?"),
                             UsageError);
        CHECK_THROWS_WITH_AS(makeData("match2", {"N=30", "samples=0"}, 1, 0),
                             doctest::Contains("set samples=S"), UsageError);
    }

    TEST_CASE("the .npz archive holds one NAME.npy entry per array, byte for byte") {
        const DataSet d = makeData("hop", {"N=4", "alphabet=2", "samples=0"}, 1, 0);
        const std::string bytes = npzBytes(d.arrays);
        zip_error_t error;
        zip_error_init(&error);
        zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
        REQUIRE(source != nullptr);
        zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
        REQUIRE(archive != nullptr);
        REQUIRE(zip_get_num_entries(archive, 0) == 2);
        for (const NamedArray& a : d.arrays) {
            const std::string entry = a.name + ".npy";
            // The time stamp is the fixed DOS epoch, not the clock, in the archive's directory.
            zip_stat_t st;
            zip_stat_init(&st);
            REQUIRE(zip_stat(archive, entry.c_str(), 0, &st) == 0);
            std::tm when{};
            when.tm_year = 80;
            when.tm_mday = 1;
            when.tm_isdst = -1;
            CHECK(st.mtime == std::mktime(&when));
            zip_file_t* f = zip_fopen(archive, entry.c_str(), 0);
            REQUIRE(f != nullptr);
            const std::string want = npyBytes(a);
            std::string got(want.size() + 1, '\0');
            const zip_int64_t n = zip_fread(f, got.data(), got.size());
            zip_fclose(f);
            got.resize(static_cast<std::size_t>(n));
            CHECK(got == want);
        }
        zip_close(archive);
        zip_error_fini(&error);
        // y is -1 where hop_k is undefined (⊥): position 0 never has an earlier symbol.
        CHECK(arrayNamed(d, "y").data[0] == -1.0);
    }
}
