// Input files in report provenance: readInput records each file once per command scope,
// with its size and SHA-256; nothing is recorded outside a scope or for --resume reads.

#include <cstdio>
#include <fstream>
#include <string>

#include <doctest/doctest.h>

#include <ccsim/io/digest.hpp>
#include <ccsim/io/files.hpp>

using namespace ccsim;

namespace {

std::string writeTemp(const std::string& name, const std::string& bytes) {
    const std::string path = std::string(P_tmpdir) + "/ccsim_files_test_" + name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
}

}  // namespace

TEST_SUITE("io/files") {
    TEST_CASE("SHA-256 matches the published test vectors") {
        // FIPS 180-2, appendix B.
        CHECK(sha256Hex("abc") ==
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        CHECK(sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        CHECK(sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    }

    TEST_CASE("readInput records each file once, in the order read, within a scope only") {
        const std::string a = writeTemp("a", "abc");
        const std::string b = writeTemp("b", "");
        CHECK(files::readInput(a, "weights") == "abc");
        CHECK(files::recordedInputs().empty());  // no scope: nothing recorded
        {
            const files::CommandScope scope;
            files::readInput(b, "input");
            files::readInput(a, "weights");
            files::readInput(b, "input");                          // read twice, listed once
            files::readInput(a, "--resume file", 1 << 20, false);  // not an input of the run
            const auto inputs = files::recordedInputs();
            REQUIRE(inputs.size() == 2);
            CHECK(inputs[0].what == "input");
            CHECK(inputs[0].path == b);
            CHECK(inputs[0].bytes == 0);
            CHECK(inputs[0].sha256 == sha256Hex(""));
            CHECK(inputs[1].path == a);
            CHECK(inputs[1].bytes == 3);
            CHECK(inputs[1].sha256 == sha256Hex("abc"));
        }
        CHECK(files::recordedInputs().empty());  // the scope's end forgets them
        std::remove(a.c_str());
        std::remove(b.c_str());
    }
}
