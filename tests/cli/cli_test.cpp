// End-to-end tests of the real ccsim binary: golden cases (command line -> stdout, stderr,
// exit code) from tests/cli/cases, and checks of files, determinism and bad input.
//
// A golden case NAME is NAME.cmd (the arguments, one line, split at spaces), NAME.out,
// NAME.err and NAME.code. Regenerate after an intended change with
//   CCSIM_UPDATE_GOLDEN=1 build/tests/ccsim_cli_tests
// and review the diff.

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <doctest/doctest.h>
#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <ccsim/compile/strategy.hpp>
#include <ccsim/construct/construction.hpp>
#include <ccsim/model/family.hpp>
#include <ccsim/numeric/format.hpp>
#include <ccsim/problem/problem.hpp>
#include <ccsim/report/writers.hpp>
#include <ccsim/task/task.hpp>

extern char** environ;

namespace fs = std::filesystem;

namespace {

std::string readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void writeFile(const fs::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

/// A fresh scratch directory, removed at the end of the test.
struct Scratch {
    fs::path dir;
    Scratch() {
        std::string pattern = (fs::temp_directory_path() / "ccsim-cli-XXXXXX").string();
        REQUIRE(::mkdtemp(pattern.data()) != nullptr);
        dir = pattern;
    }
    ~Scratch() { fs::remove_all(dir); }
    std::vector<std::string> files() const {
        std::vector<std::string> out;
        for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename());
        std::sort(out.begin(), out.end());
        return out;
    }
};

std::string quote(const std::string& arg) {
    std::string out = "'";
    for (char c : arg) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

struct Result {
    int code = -1;
    std::string out;
    std::string err;
};

/// Runs ccsim with args in dir (stdin closed, stderr not a terminal).
Result runCcsim(const std::vector<std::string>& args, const fs::path& dir) {
    std::string cmd = "cd " + quote(dir.string()) + " && " + quote(CCSIM_BINARY);
    for (const std::string& a : args) cmd += " " + quote(a);
    cmd += " >.stdout 2>.stderr </dev/null";
    const int status = std::system(cmd.c_str());
    Result r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = readFile(dir / ".stdout");
    r.err = readFile(dir / ".stderr");
    fs::remove(dir / ".stdout");
    fs::remove(dir / ".stderr");
    return r;
}

std::vector<std::string> split(const std::string& line) {
    std::vector<std::string> words;
    std::istringstream in(line);
    for (std::string w; in >> w;) words.push_back(w);
    return words;
}

}  // namespace

/// Replaces every occurrence of from in text by to.
std::string replaceAll(std::string text, const std::string& from, const std::string& to) {
    if (from.empty()) return text;
    for (std::size_t at = text.find(from); at != std::string::npos;
         at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

TEST_SUITE("cli") {
    TEST_CASE("golden cases: stdout, stderr and exit code") {
        const bool update = std::getenv("CCSIM_UPDATE_GOLDEN") != nullptr;
        // Reports name the git revision of the build; goldens hold a placeholder instead.
        Scratch here;
        const std::string versionLine = runCcsim({"--version"}, here.dir).out;
        const auto open = versionLine.find("(git ");
        REQUIRE(open != std::string::npos);
        const std::string revision =
            versionLine.substr(open + 5, versionLine.find(')', open) - open - 5);
        std::vector<fs::path> cases;
        for (const auto& e : fs::directory_iterator(CCSIM_CLI_CASES))
            if (e.path().extension() == ".cmd") cases.push_back(e.path());
        std::sort(cases.begin(), cases.end());
        REQUIRE(cases.size() >= 10);
        for (const fs::path& cmd : cases) {
            CAPTURE(cmd.stem().string());
            std::string line = readFile(cmd);
            while (!line.empty() && line.back() == '\n') line.pop_back();
            Scratch scratch;
            line = replaceAll(line, "@SOURCE@", CCSIM_SOURCE_ROOT);
            Result r = runCcsim(split(line), scratch.dir);
            r.out = replaceAll(r.out, CCSIM_SOURCE_ROOT, "@SOURCE@");
            r.err = replaceAll(r.err, CCSIM_SOURCE_ROOT, "@SOURCE@");
            r.out = replaceAll(r.out, revision, "@REVISION@");
            fs::path base = cmd;
            if (update) {
                writeFile(base.replace_extension(".out"), r.out);
                writeFile(base.replace_extension(".err"), r.err);
                writeFile(base.replace_extension(".code"), std::to_string(r.code) + "\n");
                continue;
            }
            CHECK(r.out == readFile(base.replace_extension(".out")));
            CHECK(r.err == readFile(base.replace_extension(".err")));
            CHECK(std::to_string(r.code) + "\n" == readFile(base.replace_extension(".code")));
            // Every error is exactly one line.
            if (r.code == 2) CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
            // Nothing is left behind in the working directory.
            CHECK(scratch.files().empty());
        }
    }

    TEST_CASE("same command and seed give byte-identical json with 1 and 2 threads") {
        Scratch s;
        for (const char* name : {"disj_trivial", "disj_truncated"}) {
            CAPTURE(name);
            const Result a = runCcsim(
                {"run", name, "n=8", "--report", "json", "--threads", "1", "-o", "one.json"},
                s.dir);
            const Result b = runCcsim(
                {"run", name, "n=8", "--report", "json", "--threads", "2", "-o", "two.json"},
                s.dir);
            CHECK(a.code == 0);
            CHECK(b.code == 0);
            CHECK(a.out == b.out);
            const std::string one = readFile(s.dir / "one.json");
            CHECK_FALSE(one.empty());
            CHECK(one == readFile(s.dir / "two.json"));
        }
        // Sampled runs too.
        const Result a = runCcsim({"run", "disj_truncated", "n=64", "k=20", "--sample", "3000",
                                   "--seed", "9", "--report", "json", "--threads", "1"},
                                  s.dir);
        const Result b = runCcsim({"run", "disj_truncated", "n=64", "k=20", "--sample", "3000",
                                   "--seed", "9", "--report", "json", "--threads", "2"},
                                  s.dir);
        CHECK(a.code == 0);
        CHECK(a.out == b.out);
    }

    TEST_CASE("list and explain show every registered entry; every task has an evaluator") {
        Scratch s;
        const Result list = runCcsim({"list"}, s.dir);
        REQUIRE(list.code == 0);
        std::vector<std::string> names;
        auto add = [&names](const std::vector<std::string>& more) {
            names.insert(names.end(), more.begin(), more.end());
        };
        add(ccsim::ProblemRegistry::instance().names());
        add(ccsim::TaskRegistry::instance().names());
        add(ccsim::ModelFamilyRegistry::instance().names());
        add(ccsim::ConstructionRegistry::instance().names());
        add(ccsim::StrategyRegistry::instance().names());
        add(ccsim::PrecisionModelRegistry::instance().names());
        add(ccsim::WriterRegistry::instance().names());
        add(ccsim::FormatRegistry::instance().names());
        for (const std::string& name : names) {
            CAPTURE(name);
            CHECK(list.out.find("\n  " + name + " ") != std::string::npos);
            if (name.find(':') != std::string::npos) continue;  // a family, not one format
            const Result r = runCcsim({"explain", name}, s.dir);
            CHECK(r.code == 0);
            CHECK(r.out.rfind(name + ":", 0) == 0);
        }
        for (const std::string& task : ccsim::TaskRegistry::instance().names()) {
            CAPTURE(task);
            const Result r = runCcsim({"eval", task, "--help"}, s.dir);
            CHECK(r.code == 0);
            CHECK(r.out.find("parameters of eval " + task + " ") != std::string::npos);
        }
        // A construction an evaluator accepts is offered by its construction parameter, and
        // the evaluator declares every parameter the construction reads.
        for (const ccsim::ConstructionInfo& c : ccsim::ConstructionRegistry::instance().all())
            for (const std::string& user : c.users) {
                if (user.rfind("eval ", 0) != 0) continue;
                CAPTURE(c.name);
                const Result r = runCcsim({"eval", user.substr(5), "--help"}, s.dir);
                const auto at = r.out.find("\n  construction ");
                REQUIRE(at != std::string::npos);
                CHECK(r.out.substr(at, r.out.find('\n', at + 1) - at).find(c.name) !=
                      std::string::npos);
                for (const std::string& read : c.reads)
                    CHECK(r.out.find("\n  " + read + " ") != std::string::npos);
            }
    }

    TEST_CASE("disj_trivial n=10 verifies all 2^20 instances and json carries the facts") {
        Scratch s;
        const Result r = runCcsim({"run", "disj_trivial", "n=10", "--report", "json"}, s.dir);
        REQUIRE(r.code == 0);
        CHECK(r.err.empty());
        const auto j = nlohmann::json::parse(r.out);
        CHECK(j["verification"]["instances"] == 1U << 20);
        CHECK(j["verification"]["correct"] == 1U << 20);
        CHECK(j["communication"]["bits_max"] == 10);
        CHECK(j["bound"]["bits"] == 10);
        CHECK(j["verdict"]["outcome"] == "correct");
        CHECK(j["provenance"]["command"] == "ccsim run disj_trivial n=10 --seed 1");
        CHECK_FALSE(j["provenance"]["version"].get<std::string>().empty());
    }

    TEST_CASE("disj_truncated n=10 k=6 reports a witness in text and json") {
        Scratch s;
        const Result text = runCcsim({"run", "disj_truncated", "n=10", "k=6"}, s.dir);
        REQUIRE(text.code == 0);
        CHECK(text.out.find("WRONG") != std::string::npos);
        CHECK(text.out.find("verdict       fails-as-predicted: 6 bits < bound 10") !=
              std::string::npos);
        const Result json =
            runCcsim({"run", "disj_truncated", "n=10", "k=6", "--report", "json"}, s.dir);
        const auto j = nlohmann::json::parse(json.out);
        CHECK(j["witness"]["found"] == true);
        const auto& runs = j["witness"]["runs"];
        CHECK(runs[0]["transcript"] == runs[1]["transcript"]);
        CHECK(runs[0]["instance"] != runs[1]["instance"]);
        CHECK(text.out.find(j["witness"]["wrong_instance"].get<std::string>()) !=
              std::string::npos);
    }

    TEST_CASE("-o writes the whole report and nothing else; bad paths write nothing") {
        Scratch s;
        const Result ok =
            runCcsim({"run", "disj_trivial", "n=4", "--report", "csv", "-o", "r.csv"}, s.dir);
        CHECK(ok.code == 0);
        CHECK(s.files() == std::vector<std::string>{"r.csv"});
        const std::string csv = readFile(s.dir / "r.csv");
        CHECK(std::count(csv.begin(), csv.end(), '\n') == 2);

        fs::create_directory(s.dir / "sub");
        for (const std::vector<std::string>& args :
             {std::vector<std::string>{"-o", "missing/dir/r.json"},
              std::vector<std::string>{"-o", "sub"},
              std::vector<std::string>{"--transcript", "missing/t.tsv"}}) {
            std::vector<std::string> full = {"run", "disj_trivial", "n=4"};
            full.insert(full.end(), args.begin(), args.end());
            const Result bad = runCcsim(full, s.dir);
            CHECK(bad.code == 2);
            CHECK(bad.out.empty());
            CHECK(std::count(bad.err.begin(), bad.err.end(), '\n') == 1);
            CHECK(bad.err.rfind("ccsim: cannot write", 0) == 0);
        }
        CHECK(s.files() == std::vector<std::string>{"r.csv", "sub"});
        CHECK(fs::is_empty(s.dir / "sub"));
    }

    TEST_CASE("a refused run leaves an existing output file untouched") {
        Scratch s;
        writeFile(s.dir / "keep.json", "old");
        const Result r = runCcsim({"run", "disj_trivial", "n=40", "-o", "keep.json"}, s.dir);
        CHECK(r.code == 2);
        CHECK(readFile(s.dir / "keep.json") == "old");
        CHECK(s.files() == std::vector<std::string>{"keep.json"});
    }

    TEST_CASE("--transcript logs every message of every instance and of the witness") {
        Scratch s;
        const Result r =
            runCcsim({"run", "disj_truncated", "n=3", "k=2", "--transcript", "t.tsv"}, s.dir);
        REQUIRE(r.code == 0);
        const std::string log = readFile(s.dir / "t.tsv");
        std::istringstream in(log);
        std::vector<std::string> lines;
        for (std::string line; std::getline(in, line);) lines.push_back(line);
        // Header, 64 instances of one message each, and 4 witness runs.
        REQUIRE(lines.size() == 1 + 64 + 4);
        CHECK(lines[0] == "instance\tround\tfrom\tto\tlabel\tbits\tpayload");
        // Instance 5 is a = 101, b = 000: Alice sends her first two bits, "10".
        CHECK(lines[6] == "5\t0\t0\t1\ta[0:k]\t2\t10");
        CHECK(lines[65].rfind("witness1\t", 0) == 0);
    }

    TEST_CASE("sweeps are identical with 1 and 2 threads and resume from the rows they have") {
        Scratch s;
        const std::vector<std::string> base = {"sweep", "disj_truncated", "n=4..7",
                                               "k=3",   "--report",       "csv"};
        auto with = [&base](std::vector<std::string> extra) {
            std::vector<std::string> args = base;
            args.insert(args.end(), extra.begin(), extra.end());
            return args;
        };
        const Result one = runCcsim(with({"--threads", "1", "-o", "one.csv"}), s.dir);
        const Result two = runCcsim(with({"--threads", "2", "-o", "two.csv"}), s.dir);
        REQUIRE(one.code == 0);
        REQUIRE(two.code == 0);
        const std::string full = readFile(s.dir / "one.csv");
        CHECK(full == readFile(s.dir / "two.csv"));
        std::istringstream lines(full);
        std::vector<std::string> rows;
        for (std::string line; std::getline(lines, line);) rows.push_back(line);
        REQUIRE(rows.size() == 5);  // header + n = 4..7
        CHECK(rows[1].find("n=4") != std::string::npos);
        CHECK(rows[4].find("fails-as-predicted") != std::string::npos);

        // An interrupted sweep: the header and the first two rows, the second one marked (a
        // valid but different effective_bits), so that a recomputed row would show.
        auto splitCsv = [](const std::string& line) {
            std::vector<std::string> out;
            std::istringstream in(line);
            for (std::string f; std::getline(in, f, ',');) out.push_back(f);
            return out;
        };
        const std::vector<std::string> header = splitCsv(rows[0]);
        std::vector<std::string> fields = splitCsv(rows[2]);
        REQUIRE(fields.size() == header.size());
        const auto column = static_cast<std::size_t>(
            std::find(header.begin(), header.end(), "effective_bits") - header.begin());
        REQUIRE(column < header.size());
        const std::string original = fields[column];
        fields[column] = "1.234567";
        std::string marked;
        for (const std::string& f : fields) marked += (marked.empty() ? "" : ",") + f;
        writeFile(s.dir / "part.csv", rows[0] + "\n" + rows[1] + "\n" + marked + "\n");
        const Result resumed = runCcsim(with({"-o", "part.csv", "--resume"}), s.dir);
        CHECK(resumed.code == one.code);
        const std::string after = readFile(s.dir / "part.csv");
        CHECK(after.find(",1.234567,") != std::string::npos);
        CHECK(replaceAll(after, ",1.234567,", "," + original + ",") == full);

        // A file written on Windows (CRLF) resumes the same.
        writeFile(s.dir / "crlf.csv", rows[0] + "\r\n" + rows[1] + "\r\n");
        REQUIRE(runCcsim(with({"-o", "crlf.csv", "--resume"}), s.dir).code == one.code);
        CHECK(readFile(s.dir / "crlf.csv") == full);

        // Rows are validated field by field; a bad row is an error naming its line, and the
        // file is left as it was.
        const auto withField = [&](const std::string& column, const std::string& value) {
            std::vector<std::string> f = splitCsv(rows[2]);
            const auto at = static_cast<std::size_t>(
                std::find(header.begin(), header.end(), column) - header.begin());
            f[at] = value;
            std::string line;
            for (const std::string& x : f) line += (line.empty() ? "" : ",") + x;
            return rows[0] + "\n" + rows[1] + "\n" + line + "\n";
        };
        const std::vector<std::tuple<std::string, std::string, std::string>> badRows = {
            {"outcome", "KEPT", "line 3: outcome 'KEPT' is not an outcome ccsim writes"},
            {"bits", "-3", "line 3: bits '-3' is not a non-negative integer"},
            {"bits", "12abc", "line 3: bits '12abc' is not a non-negative integer"},
            {"correct_fraction", "1.5", "line 3: correct_fraction '1.5' is not a number in [0, 1]"},
            {"effective_bits", "nan", "line 3: effective_bits 'nan' is not a number"},
            {"point", "n=99", "line 3: point 'n=99' is not a point of this sweep's grid"},
            {"n", "6", "line 3: point 'n=5 k=3' does not match the row's parameter values"},
        };
        for (const auto& badRow : badRows) {
            const std::string& column = std::get<0>(badRow);
            const std::string& value = std::get<1>(badRow);
            const std::string& message = std::get<2>(badRow);
            CAPTURE(column);
            const std::string bad = withField(column, value);
            writeFile(s.dir / "bad.csv", bad);
            const Result r = runCcsim(with({"-o", "bad.csv", "--resume"}), s.dir);
            CHECK(r.code == 2);
            CHECK_MESSAGE(r.err.find(message) != std::string::npos, r.err);
            CHECK(readFile(s.dir / "bad.csv") == bad);
        }

        // Rows of another sweep are refused.
        const Result other = runCcsim({"sweep", "disj_truncated", "n=4..7", "k=2", "--report",
                                       "csv", "-o", "part.csv", "--resume"},
                                      s.dir);
        CHECK(other.code == 2);
        CHECK(other.err.find("holds rows of another sweep") != std::string::npos);
    }

    TEST_CASE("sweep --plot writes the picture, its data and its gnuplot script") {
        Scratch s;
        const Result r = runCcsim({"sweep", "disj_trivial", "n=2..6", "--plot", "bits.svg"}, s.dir);
        REQUIRE(r.code == 0);
        CHECK(s.files() == std::vector<std::string>{"bits.dat", "bits.gp", "bits.svg"});
        CHECK(readFile(s.dir / "bits.svg").find("<svg") != std::string::npos);
        CHECK(readFile(s.dir / "bits.gp").find("plot 'bits.dat'") != std::string::npos);
        CHECK(r.out.find("measured bits     ≈ 1 · n^1.000") != std::string::npos);
    }

    TEST_CASE("hostile --plot names are inert: no shell, no gnuplot command substitution") {
        Scratch s;
        for (const std::string name :
             {"x';system('touch pwned1');'.svg", "a`touch pwned2`.svg", "b$(touch pwned3).svg",
              "-c.svg", "d\"; touch pwned4; \".svg"}) {
            CAPTURE(name);
            const Result r = runCcsim({"sweep", "disj_trivial", "n=2..3", "--plot", name}, s.dir);
            CHECK(r.code == 0);
            CHECK(fs::exists(s.dir / name));
        }
        for (const std::string& f : s.files()) CHECK_MESSAGE(f.find("pwned") != 0, f);
        const Result newline = runCcsim(
            {"sweep", "disj_trivial", "n=2..3", "--plot", "e\nsystem('touch pwned5').svg"}, s.dir);
        CHECK(newline.code == 2);
        CHECK(newline.err == "ccsim: --plot: the file name contains a control character\n");
        CHECK(!fs::exists(s.dir / "pwned5"));
    }

    TEST_CASE("outputs that would destroy something are refused before any work") {
        Scratch s;
        const fs::path fixtures = fs::path(CCSIM_SOURCE_ROOT) / "tests/model/fixtures";
        fs::copy_file(fixtures / "mha.safetensors", s.dir / "w.safetensors");
        fs::copy_file(fixtures / "mha_input.npy", s.dir / "x.npy");
        REQUIRE(::mkfifo((s.dir / "fifo").c_str(), 0600) == 0);
        const std::string weights = readFile(s.dir / "w.safetensors");
        const std::string tokens = readFile(s.dir / "x.npy");
        struct Case {
            std::vector<std::string> args;
            std::string err;
        };
        const std::vector<Case> cases = {
            {{"run", "disj_trivial", "n=4", "-o", "fifo"},
             "ccsim: cannot write -o fifo: is a FIFO, not a regular file\n"},
            {{"run", "disj_trivial", "n=4", "-o", "."},
             "ccsim: cannot write -o .: is a directory\n"},
            {{"run", "disj_trivial", "n=4", "-o", "r.txt", "--transcript", "./r.txt"},
             "ccsim: --transcript ./r.txt and -o r.txt name the same file; one would be lost\n"},
            {{"forward", "weights=w.safetensors", "input=x.npy", "-o", "x.npy"},
             "ccsim: -o x.npy is also the input input file x.npy; it would be overwritten\n"},
            {{"forward", "weights=w.safetensors", "input=x.npy", "-o", "w.safetensors"},
             "ccsim: -o w.safetensors is also the input weights file w.safetensors; it would be "
             "overwritten\n"},
            {{"sweep", "disj_trivial", "n=2..3", "--plot", "p.svg", "--report", "csv", "-o",
              "p.dat"},
             "ccsim: --plot data p.dat and -o p.dat name the same file; one would be lost\n"},
        };
        for (const Case& c : cases) {
            CAPTURE(c.args.back());
            const Result r = runCcsim(c.args, s.dir);
            CHECK(r.code == 2);
            CHECK(r.out.empty());
            CHECK(r.err == c.err);
        }
        CHECK(readFile(s.dir / "w.safetensors") == weights);
        CHECK(readFile(s.dir / "x.npy") == tokens);
        CHECK(s.files() == std::vector<std::string>{"fifo", "w.safetensors", "x.npy"});

        // A symbolic link is written through: the link stays, its target gets the report.
        writeFile(s.dir / "target.txt", "old");
        fs::create_symlink("target.txt", s.dir / "link.txt");
        REQUIRE(runCcsim({"run", "disj_trivial", "n=2", "-o", "link.txt"}, s.dir).code == 0);
        CHECK(fs::is_symlink(s.dir / "link.txt"));
        CHECK(readFile(s.dir / "target.txt").rfind("run ", 0) == 0);
        // -o - is standard output.
        const Result stdoutReport = runCcsim({"run", "disj_trivial", "n=2", "-o", "-"}, s.dir);
        CHECK(stdoutReport.code == 0);
        CHECK(stdoutReport.out.rfind("run ", 0) == 0);
        CHECK(!fs::exists(s.dir / "-"));
    }

    TEST_CASE("inputs that are not regular files are refused at once") {
        Scratch s;
        REQUIRE(::mkfifo((s.dir / "fifo").c_str(), 0600) == 0);
        fs::create_directory(s.dir / "dir");
        // A FIFO would block forever and /dev/zero never ends: both are refused before a read.
        for (const std::string file : {"fifo", "/dev/zero", "dir"}) {
            CAPTURE(file);
            const Result r = runCcsim({"run", "disj_qsa", "weights=" + file}, s.dir);
            CHECK(r.code == 2);
            CHECK(r.err.rfind("ccsim: cannot read weights file " + file + ": ", 0) == 0);
        }
    }

    TEST_CASE("a failed write to stdout is a failed run") {
        Scratch s;
        const std::string cmd = quote(CCSIM_BINARY) + " run disj_trivial n=2 >/dev/full 2>" +
                                quote((s.dir / "err").string());
        const int status = std::system(cmd.c_str());
        CHECK(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 1);
        CHECK(readFile(s.dir / "err") ==
              "ccsim: cannot write to standard output: No space left on device\n");
    }

    TEST_CASE("SIGINT and SIGTERM leave no temporary file and exit 130 and 143") {
        for (const int signal : {SIGINT, SIGTERM}) {
            CAPTURE(signal);
            Scratch s;
            const std::string out = (s.dir / "r.json").string();
            // A long run (the reference engine over 2^24 instances) with -o and --transcript
            // open; the child gets default signal handling whatever this process ignores.
            const std::vector<std::string> args = {
                CCSIM_BINARY, "run",       "disj_qsa", "q=12", "construction=random", "m=8",
                "--engine",   "reference", "-o",       out,    "--max-time",          "0"};
            std::vector<char*> argv;
            for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
            argv.push_back(nullptr);
            posix_spawnattr_t attr;
            posix_spawnattr_init(&attr);
            sigset_t defaults;
            sigemptyset(&defaults);
            sigaddset(&defaults, SIGINT);
            sigaddset(&defaults, SIGTERM);
            posix_spawnattr_setsigdefault(&attr, &defaults);
            posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);
            posix_spawn_file_actions_t actions;
            posix_spawn_file_actions_init(&actions);
            const std::string err = (s.dir / "err").string();
            posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err.c_str(),
                                             O_WRONLY | O_CREAT | O_TRUNC, 0600);
            pid_t pid = 0;
            REQUIRE(posix_spawn(&pid, CCSIM_BINARY, &actions, &attr, argv.data(), environ) == 0);
            posix_spawn_file_actions_destroy(&actions);
            posix_spawnattr_destroy(&attr);
            // Wait until the output's temporary file exists: the run has started.
            for (int i = 0; i < 200; ++i) {
                bool started = false;
                for (const std::string& f : s.files()) started |= f.rfind("r.json.tmp-", 0) == 0;
                if (started) break;
                ::usleep(20000);
            }
            ::usleep(200000);
            ::kill(pid, signal);
            int status = 0;
            ::waitpid(pid, &status, 0);
            REQUIRE(WIFEXITED(status));
            CHECK(WEXITSTATUS(status) == 128 + signal);
            CHECK(s.files() == std::vector<std::string>{"err"});
            CHECK(readFile(s.dir / "err") ==
                  (signal == SIGINT ? "ccsim: interrupted (SIGINT); no partial file left\n"
                                    : "ccsim: terminated (SIGTERM); no partial file left\n"));
        }
    }

    TEST_CASE("a file name that is not UTF-8 is replaced in JSON, not an error after the run") {
        Scratch s;
        const std::string name = "w\xff.safetensors";
        fs::copy_file(fs::path(CCSIM_SOURCE_ROOT) / "tests/model/fixtures/mha.safetensors",
                      s.dir / name);
        const Result r =
            runCcsim({"run", "disj_qsa", "q=2", "weights=" + name, "--report", "json"}, s.dir);
        CHECK(r.err.empty());
        CHECK(r.code == 1);  // the file's model is wrong above the bound (fails-above-bound)
        const auto j = nlohmann::json::parse(r.out);
        CHECK(
            j.at("provenance").at("command").get<std::string>().find("w\xef\xbf\xbd.safetensors") !=
            std::string::npos);
    }

    TEST_CASE("a run that does not fit in memory is a one-line error, not a crash") {
        // Under a 4 GB address-space limit the default memory limit is 80 % of it, and the
        // model's estimate (25.8 GB) is refused before anything is allocated. With the
        // estimates switched off (--max-memory 0) the allocation itself fails, and the
        // backstop turns std::bad_alloc into the same exit code.
        for (const char* limit : {"", " --max-memory 0"}) {
            CAPTURE(limit);
            Scratch s;
            const std::string cmd = "ulimit -v 4000000; " + quote(CCSIM_BINARY) +
                                    " run disj_match3 n=4096 --sample 1" + limit + " 2>" +
                                    quote((s.dir / "err").string()) + " >/dev/null";
            const int status = std::system(("bash -c " + quote(cmd)).c_str());
            CHECK(WIFEXITED(status));
            CHECK(WEXITSTATUS(status) == 2);
            const std::string err = readFile(s.dir / "err");
            CHECK(std::count(err.begin(), err.end(), '\n') == 1);
            if (*limit == 0)
                CHECK(err.rfind("ccsim: match3_histogram at M=32771 needs about 25.8 GB", 0) == 0);
            else
                CHECK(err.rfind("ccsim: out of memory: ", 0) == 0);
        }
    }
}
