#include <algorithm>
#include <atomic>
#include <cmath>
#include <deque>
#include <functional>
#include <limits>
#include <memory>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>

#include <ccsim/error.hpp>
#include <ccsim/parallel.hpp>
#include <ccsim/verify/engine.hpp>

#include "watch.hpp"

namespace ccsim {

std::string treeEngineObstacle(const Reduction& reduction, const VerifyOptions& options) {
    const Problem& problem = reduction.problem();
    const std::optional<ProductSpace> space = problem.productSpace();
    const Protocol schedule = reduction.protocol()();
    if (options.mode == VerifyMode::Exhaustive && space) {
        if (static_cast<std::size_t>(schedule.parties) != space->sizes.size())
            return fmt::format("the protocol has {} parties, the problem {}", schedule.parties,
                               space->sizes.size());
        for (std::size_t p = 0; p < space->sizes.size(); ++p)
            if (space->sizes[p] > kMaxPartyInputs)
                return fmt::format(
                    "party {} has {} inputs, more than the {} the rectangle walk holds (it "
                    "keeps every party's inputs encoded)",
                    p, space->sizes[p], kMaxPartyInputs);
        return {};
    }
    // The list walk: every instance (or sample) held as a tuple of its parties' inputs.
    const std::uint64_t count = options.mode == VerifyMode::Sample
                                    ? options.sampleCount
                                    : problem.instanceCount().value_or(UINT64_MAX);
    if (count > kMaxListInstances)
        return fmt::format(
            "{} instances are more than the {} the list walk holds (sampled runs and problems "
            "whose instances are not a product of the parties' inputs)",
            count, kMaxListInstances);
    return {};
}

/// One run of the walk; a friend of ProtocolRunner (for its validated per-party copies and
/// its channel) and of PartyView (to build the views the runner would build).
class TreeEngine {
public:
    /// With a product space: the rectangle walk over it. Without: the list walk over every
    /// instance (exhaustive) or every sample.
    TreeEngine(const Reduction& reduction, const VerifyOptions& options,
               std::optional<ProductSpace> space)
        : reduction_(reduction),
          problem_(reduction.problem()),
          options_(options),
          list_(!space.has_value()),
          space_(space.value_or(ProductSpace{})),
          parties_(static_cast<std::size_t>(reduction.protocol()().parties)) {}

    VerifyResult run();

private:
    using Ids = std::vector<std::uint64_t>;
    /// The instances at a node: per party the inputs still live, in increasing order.
    using Rect = std::vector<const Ids*>;

    struct Partial {
        std::uint64_t instances = 0;
        std::uint64_t correct = 0;
        std::uint64_t leaves = 0;
        std::size_t minBits = SIZE_MAX;
        std::size_t maxBits = 0;
        std::optional<InstanceRun> firstIncorrect;
        std::optional<Transcript> firstTranscript;
    };

    struct Worker {
        explicit Worker(const ProtocolFactory& factory) : runner(factory) {}
        ProtocolRunner runner;
        Partial part;
        std::vector<ProtocolOutput> outputs;
        std::vector<const PartyInput*> block;
        std::vector<std::uint64_t> answers;
        /// Log fragments of this worker's leaves (stable addresses for logOf_).
        std::deque<std::vector<std::string>> fragments;
    };

    struct Group {
        Payload payload;
        Ids ids;
    };
    /// A unit of work: the payloads on the path from the root to a node (one per round) and
    /// the node's rectangle.
    struct Unit {
        std::vector<Payload> path;
        std::vector<std::shared_ptr<const Ids>> rect;
    };

    void prepareInputs();
    void internTokens();
    void checkSeparable() const;
    std::vector<Group> groupByPayload(std::vector<Payload> payloads, const Ids& ids) const;
    /// The messages of round `depth`'s speaker for each of its inputs `ids` (increasing),
    /// grouped by payload.
    std::vector<Group> speak(Worker& w, std::size_t depth, const Ids& ids) const;
    Payload message(Worker& w, std::size_t depth, PartyId speaker, std::uint64_t id) const;
    void walk(Worker& w, Rect& rect, std::size_t depth);
    /// Sends a unit's path on the worker's channel (round k's payload as round k), and takes
    /// it back.
    void enter(Worker& w, const std::vector<Payload>& path) const;
    void leave(Worker& w, const std::vector<Payload>& path) const;
    /// After the inputs are prepared: token ids, the log slots, one worker per thread.
    std::vector<std::unique_ptr<Worker>> start(const ProtocolFactory& factory, std::uint64_t total);
    /// A leaf's share of the totals: one transcript, its charged bits.
    void countLeaf(Worker& w) const;
    /// The leaf's message lines for --transcript (kept by the worker), or null.
    const std::vector<std::string>* logFragment(Worker& w) const;
    /// Hands units 0..count-1 to the workers one at a time: body(worker, unit).
    template <class Body>
    void dispatch(const std::vector<std::unique_ptr<Worker>>& workers, std::size_t count,
                  Body body) const {
        std::atomic<std::size_t> next{0};
        parallelRun(std::min(workers.size(), count), [&](std::size_t t) {
            for (std::size_t u = next++; u < count; u = next++) body(*workers[t], u);
        });
    }
    /// The children of every unit at `depth` (its speaker's messages grouped), in order.
    std::vector<Unit> expand(Worker& w, const std::vector<Unit>& units, std::size_t depth) const;
    void leaf(Worker& w, const Rect& rect);
    void answer(Worker& w, const Ids& outs);
    /// Merges the workers' partial results into the run's result, the same for any split.
    VerifyResult merge(const std::vector<std::unique_ptr<Worker>>& workers, std::uint64_t total,
                       const ProtocolFactory& factory);
    /// The instance of number index: enumerated, or the index-th sample.
    Instance instanceAt(std::uint64_t index) const;

    // The list walk: the live set of a node is a list of tuples (instance number, each
    // party's input number), for samples and for instances that are not a product.
    using Live = std::vector<std::uint32_t>;  ///< tuple numbers
    void prepareList(std::uint64_t total);
    std::uint64_t idOf(std::uint32_t tuple, std::size_t party) const {
        return listIds_[static_cast<std::size_t>(tuple) * parties_ + party];
    }
    void walkList(Worker& w, const Live& live, std::size_t depth);
    void leafList(Worker& w, const Live& live);
    /// The speaker's messages at a node of the list walk, and the live set split by them.
    std::vector<std::pair<Payload, Live>> splitList(Worker& w, const Live& live,
                                                    std::size_t depth) const;
    VerifyResult runList();

    const Reduction& reduction_;
    const Problem& problem_;
    const VerifyOptions& options_;
    bool list_;
    ProductSpace space_;
    std::size_t parties_;
    std::vector<std::uint64_t> listIndex_;                ///< per tuple: instance or sample number
    std::vector<std::uint64_t> listTruth_;                ///< per tuple: the problem's answer
    std::vector<std::uint64_t> listIds_;                  ///< per tuple and party: its input number
    std::vector<std::vector<PartyInput>> problemInputs_;  ///< per party, per id
    std::vector<std::vector<PartyInput>> encoded_;        ///< per party, per id
    std::vector<Ids> all_;                                ///< per party, 0..size-1
    std::unique_ptr<RunWatch> watch_;
    /// Per instance, its leaf's log lines (only when transcripts are recorded).
    std::vector<const std::vector<std::string>*> logOf_;
};

namespace {

constexpr std::size_t kOutputBlock = 512;

struct TokenKey {
    const TokenRow* row;
    bool operator==(const TokenKey& other) const { return *row == *other.row; }
};
struct TokenHash {
    std::size_t operator()(const TokenKey& k) const {
        std::size_t h = std::hash<std::size_t>{}(k.row->position);
        for (double v : k.row->values)
            h ^= std::hash<double>{}(v) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
        return h;
    }
};

}  // namespace

void TreeEngine::prepareInputs() {
    problemInputs_.resize(parties_);
    encoded_.resize(parties_);
    all_.resize(parties_);
    const std::size_t threads = std::max<std::size_t>(1, options_.threads);
    for (std::size_t p = 0; p < parties_; ++p) {
        const std::uint64_t n = space_.sizes[p];
        problemInputs_[p].resize(n);
        encoded_[p].resize(n);
        all_[p].resize(n);
        for (std::uint64_t id = 0; id < n; ++id) all_[p][id] = id;
        parallelRun(std::min<std::size_t>(threads, n), [&](std::size_t t) {
            const auto [begin, end] = rangeOf(n, std::min<std::uint64_t>(threads, n), t);
            for (std::uint64_t id = begin; id < end; ++id) {
                // Party p's input with every other party at its input 0: the reduction
                // encodes each party's part from that party's input alone (checkSeparable).
                const Instance instance = problem_.instance(id * space_.strides[p]);
                problemInputs_[p][id] = instance.at(p);
                PartyInputs inputs = reduction_.encode(instance);
                CCSIM_CHECK_OP(inputs.size(), ==, parties_);
                encoded_[p][id] = std::move(inputs[p]);
                encoded_[p][id].id = id + 1;
            }
        });
    }
}

void TreeEngine::checkSeparable() const {
    // The walk encodes each party's part once; that is the reference's encoding only if a
    // party's part does not depend on the other parties' inputs. Probe a few ids against the
    // other parties' last inputs (the conformance suite's differential test checks all).
    for (std::size_t p = 0; p < parties_; ++p) {
        const std::uint64_t n = space_.sizes[p];
        for (std::uint64_t id : {std::uint64_t{0}, n / 2, n - 1}) {
            std::uint64_t index = id * space_.strides[p];
            for (std::size_t o = 0; o < parties_; ++o)
                if (o != p) index += (space_.sizes[o] - 1) * space_.strides[o];
            const PartyInputs inputs = reduction_.encode(problem_.instance(index));
            if (!(inputs.at(p) == encoded_[p][id]))
                throw InternalError(fmt::format(
                    "the reduction encodes party {}'s input {} differently when the other "
                    "parties' inputs change; the tree engine needs each party's part to depend "
                    "on its own input only (run with --engine reference)",
                    p, id));
        }
    }
}

void TreeEngine::internTokens() {
    std::unordered_map<TokenKey, std::uint32_t, TokenHash> ids;
    for (auto& party : encoded_)
        for (PartyInput& input : party)
            for (TokenRow& token : input.tokens) {
                const auto [it, added] =
                    ids.try_emplace(TokenKey{&token}, static_cast<std::uint32_t>(ids.size() + 1));
                token.id = it->second;
                CCSIM_CHECK(ids.size() < std::numeric_limits<std::uint32_t>::max());
            }
}

Payload TreeEngine::message(Worker& w, std::size_t depth, PartyId speaker, std::uint64_t id) const {
    const Round& step = w.runner.copies_[static_cast<std::size_t>(speaker)].rounds[depth];
    const PartyView view(speaker, &encoded_[static_cast<std::size_t>(speaker)][id],
                         &w.runner.channel_);
    Payload payload = step.compute(view);
    ProtocolRunner::checkWidth(depth, step, speaker, payload);
    return payload;
}

std::vector<TreeEngine::Group> TreeEngine::groupByPayload(std::vector<Payload> payloads,
                                                          const Ids& ids) const {
    // Equal payloads are found by hashing the payload's words; equality of the bit strings
    // decides, so a hash collision can never merge two different messages. The table holds
    // group numbers only, so no payload is copied.
    std::vector<Group> groups;
    std::unordered_multimap<std::size_t, std::size_t> byHash;
    const std::hash<Payload> hash;
    for (std::size_t k = 0; k < ids.size(); ++k) {
        const std::size_t h = hash(payloads[k]);
        std::size_t found = groups.size();
        for (auto [it, end] = byHash.equal_range(h); it != end; ++it)
            if (groups[it->second].payload == payloads[k]) {
                found = it->second;
                break;
            }
        if (found == groups.size()) {
            byHash.emplace(h, found);
            groups.push_back({std::move(payloads[k]), {}});
        }
        groups[found].ids.push_back(ids[k]);
    }
    return groups;
}

void TreeEngine::enter(Worker& w, const std::vector<Payload>& path) const {
    const Protocol& schedule = w.runner.copies_.front();
    for (std::size_t k = 0; k < path.size(); ++k) {
        const PartyId speaker = schedule.rounds[k].from;
        w.runner.channel_.send(static_cast<int>(k), speaker, w.runner.receivers_[k],
                               schedule.rounds[k].label, path[k]);
    }
}

std::vector<std::unique_ptr<TreeEngine::Worker>> TreeEngine::start(const ProtocolFactory& factory,
                                                                   std::uint64_t total) {
    internTokens();
    if (options_.recordTranscripts) logOf_.assign(total, nullptr);
    std::vector<std::unique_ptr<Worker>> workers;
    for (std::size_t t = 0; t < std::max<std::size_t>(1, options_.threads); ++t)
        workers.push_back(std::make_unique<Worker>(factory));
    return workers;
}

void TreeEngine::countLeaf(Worker& w) const {
    const std::size_t bits = w.runner.channel_.transcript().totalBits();
    ++w.part.leaves;
    w.part.minBits = std::min(w.part.minBits, bits);
    w.part.maxBits = std::max(w.part.maxBits, bits);
}

const std::vector<std::string>* TreeEngine::logFragment(Worker& w) const {
    if (!options_.recordTranscripts) return nullptr;
    std::string lines;
    appendTranscriptLog(lines, "", w.runner.channel_.transcript());
    std::vector<std::string>& f = w.fragments.emplace_back();
    for (std::size_t at = 0; at < lines.size();) {
        const std::size_t end = lines.find('\n', at);
        f.push_back(lines.substr(at, end + 1 - at));
        at = end + 1;
    }
    return &f;
}

void TreeEngine::leave(Worker& w, const std::vector<Payload>& path) const {
    for (std::size_t k = 0; k < path.size(); ++k) w.runner.channel_.retract();
}

std::vector<TreeEngine::Unit> TreeEngine::expand(Worker& w, const std::vector<Unit>& units,
                                                 std::size_t depth) const {
    const Protocol& schedule = w.runner.copies_.front();
    const PartyId speaker = schedule.rounds[depth].from;
    const auto s = static_cast<std::size_t>(speaker);
    std::vector<Unit> children;
    for (const Unit& unit : units) {
        enter(w, unit.path);
        std::vector<Group> groups = speak(w, depth, *unit.rect[s]);
        leave(w, unit.path);
        for (Group& g : groups) {
            Unit child{unit.path, unit.rect};
            child.rect[s] = std::make_shared<const Ids>(std::move(g.ids));
            child.path.push_back(std::move(g.payload));
            children.push_back(std::move(child));
        }
    }
    return children;
}

std::vector<TreeEngine::Group> TreeEngine::speak(Worker& w, std::size_t depth,
                                                 const Ids& ids) const {
    const PartyId speaker = w.runner.copies_.front().rounds[depth].from;
    std::vector<Payload> payloads;
    payloads.reserve(ids.size());
    for (std::uint64_t id : ids) payloads.push_back(message(w, depth, speaker, id));
    return groupByPayload(std::move(payloads), ids);
}

void TreeEngine::walk(Worker& w, Rect& rect, std::size_t depth) {
    const Protocol& schedule = w.runner.copies_.front();
    if (depth == schedule.rounds.size()) return leaf(w, rect);
    const PartyId speaker = schedule.rounds[depth].from;
    const auto s = static_cast<std::size_t>(speaker);
    std::vector<Group> groups = speak(w, depth, *rect[s]);
    const Round& step = w.runner.copies_[s].rounds[depth];
    const Ids* saved = rect[s];
    for (Group& g : groups) {
        w.runner.channel_.send(static_cast<int>(depth), speaker, w.runner.receivers_[depth],
                               step.label, std::move(g.payload));
        rect[s] = &g.ids;
        walk(w, rect, depth + 1);
        rect[s] = saved;
        w.runner.channel_.retract();
    }
}

void TreeEngine::answer(Worker& w, const Ids& outs) {
    const Protocol& schedule = w.runner.copies_.front();
    const PartyId o = schedule.outputParty;
    const Protocol& mine = w.runner.copies_[static_cast<std::size_t>(o)];
    const std::vector<PartyInput>& inputs = encoded_[static_cast<std::size_t>(o)];
    w.answers.resize(outs.size());
    if (!mine.outputBatch) {
        for (std::size_t k = 0; k < outs.size(); ++k) {
            const PartyView view(o, &inputs[outs[k]], &w.runner.channel_);
            w.answers[k] = reduction_.decode(mine.output(view));
        }
        return;
    }
    for (std::size_t begin = 0; begin < outs.size(); begin += kOutputBlock) {
        const std::size_t count = std::min(kOutputBlock, outs.size() - begin);
        w.block.resize(count);
        for (std::size_t k = 0; k < count; ++k) w.block[k] = &inputs[outs[begin + k]];
        w.outputs.resize(count);
        const PartyView view(o, w.block.front(), &w.runner.channel_);
        mine.outputBatch(view, w.block, std::span<ProtocolOutput>(w.outputs.data(), count));
        for (std::size_t k = 0; k < count; ++k)
            w.answers[begin + k] = reduction_.decode(w.outputs[k]);
    }
}

void TreeEngine::leaf(Worker& w, const Rect& rect) {
    const Transcript& transcript = w.runner.channel_.transcript();
    Partial& part = w.part;
    countLeaf(w);
    bool holdsZero = true;
    for (const Ids* ids : rect) holdsZero = holdsZero && ids->front() == 0;
    if (holdsZero) part.firstTranscript = transcript;

    const auto o = static_cast<std::size_t>(w.runner.copies_.front().outputParty);
    answer(w, *rect[o]);

    const std::vector<std::string>* fragment = logFragment(w);

    // Every instance of the rectangle: the party with the most live inputs in the inner loop
    // (the others by decreasing stride around it). The first wrong instance is kept by
    // lowest index, so the order of the loops does not matter for the result.
    std::vector<std::size_t> order(parties_);
    for (std::size_t p = 0; p < parties_; ++p) order[p] = p;
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return space_.strides[a] > space_.strides[b]; });
    const auto widest = std::max_element(
        order.begin(), order.end(),
        [&](std::size_t a, std::size_t b) { return rect[a]->size() < rect[b]->size(); });
    std::rotate(widest, widest + 1, order.end());
    const std::size_t inner = order.back();
    const Ids& innerIds = *rect[inner];
    std::vector<std::size_t> at(parties_, 0);  // odometer over the outer parties
    std::vector<const PartyInput*> parts(parties_);
    std::uint64_t count = 0;
    while (true) {
        std::uint64_t base = 0;
        for (std::size_t p = 0; p < parties_; ++p) {
            if (p == inner) continue;
            const std::uint64_t id = (*rect[p])[at[p]];
            base += id * space_.strides[p];
            parts[p] = &problemInputs_[p][id];
        }
        const std::uint64_t fixedAnswer = o == inner ? 0 : w.answers[at[o]];
        for (std::size_t k = 0; k < innerIds.size(); ++k) {
            const std::uint64_t id = innerIds[k];
            parts[inner] = &problemInputs_[inner][id];
            const std::uint64_t index = base + id * space_.strides[inner];
            const std::uint64_t truth = problem_.truthOf(parts);
            const std::uint64_t given = o == inner ? w.answers[k] : fixedAnswer;
            if (fragment) logOf_[index] = fragment;
            if (given == truth) {
                ++part.correct;
            } else if (!part.firstIncorrect || index < part.firstIncorrect->index) {
                // Instance and transcript text are filled in once, for the overall first.
                part.firstIncorrect = InstanceRun{index, {}, given, truth, {}};
            }
        }
        count += innerIds.size();
        // Next combination of the outer parties, the last of `order` but one fastest.
        std::size_t level = parties_ - 1;
        while (level-- > 0) {
            const std::size_t p = order[level];
            if (++at[p] < rect[p]->size()) break;
            at[p] = 0;
        }
        if (level == static_cast<std::size_t>(-1)) break;
    }
    part.instances += count;
    watch_->finished(count);
}

Instance TreeEngine::instanceAt(std::uint64_t index) const {
    return options_.mode == VerifyMode::Exhaustive
               ? problem_.instance(index)
               : problem_.sampleFrom(instanceSeed(options_.seed, index), options_.distribution);
}

VerifyResult TreeEngine::run() {
    if (list_) return runList();
    const ProtocolFactory factory = reduction_.protocol();
    const std::uint64_t total = *problem_.instanceCount();
    if (total == 0) throw UsageError("a run needs at least one instance");
    watch_ = std::make_unique<RunWatch>(options_, total, runName(problem_, options_));
    prepareInputs();
    checkSeparable();
    const std::vector<std::unique_ptr<Worker>> workers = start(factory, total);
    const std::size_t threads = workers.size();
    const Protocol& schedule = workers.front()->runner.copies_.front();

    auto work = [&] {
        if (schedule.rounds.empty()) {
            Rect rect;
            for (const Ids& ids : all_) rect.push_back(&ids);
            leaf(*workers.front(), rect);
            return;
        }
        // The root: the first speaker's messages in parallel over contiguous chunks of its
        // inputs, grouped in input order. Each group is a unit of work: a path of payloads
        // from the root and the rectangle below it.
        const PartyId speaker = schedule.rounds.front().from;
        const auto s = static_cast<std::size_t>(speaker);
        const Ids& ids = all_[s];
        std::vector<Payload> payloads(ids.size());
        const std::uint64_t chunks = std::min<std::uint64_t>(threads, ids.size());
        parallelRun(chunks, [&](std::size_t t) {
            const auto [begin, end] = rangeOf(ids.size(), chunks, t);
            for (std::uint64_t k = begin; k < end; ++k)
                payloads[k] = message(*workers[t], 0, speaker, ids[k]);
        });
        std::vector<Unit> units;
        // The full input lists, shared by every unit (never copied per unit).
        std::vector<std::shared_ptr<const Ids>> full;
        for (const Ids& all : all_)
            full.push_back(std::shared_ptr<const Ids>(&all, [](const Ids*) {}));
        for (Group& g : groupByPayload(std::move(payloads), ids)) {
            Unit u;
            u.rect = full;
            u.rect[s] = std::make_shared<const Ids>(std::move(g.ids));
            u.path.push_back(std::move(g.payload));
            units.push_back(std::move(u));
        }
        // Too few units to keep every thread busy (a first message that does not depend on
        // the speaker's input, say): split them one level further, on one worker.
        std::size_t depth = 1;
        while (units.size() < 2 * threads && depth < schedule.rounds.size()) {
            units = expand(*workers.front(), units, depth);
            ++depth;
        }
        // Then one unit at a time to whichever worker is free.
        dispatch(workers, units.size(), [&](Worker& w, std::size_t u) {
            Rect rect;
            for (const auto& r : units[u].rect) rect.push_back(r.get());
            enter(w, units[u].path);
            walk(w, rect, depth);
            leave(w, units[u].path);
        });
    };
    watch_->run(work);

    return merge(workers, total, factory);
}

VerifyResult TreeEngine::merge(const std::vector<std::unique_ptr<Worker>>& workers,
                               std::uint64_t total, const ProtocolFactory& factory) {
    VerifyResult result;
    result.mode = options_.mode;
    result.minBits = SIZE_MAX;
    std::uint64_t leaves = 0;
    for (const auto& w : workers) {
        const Partial& part = w->part;
        result.instances += part.instances;
        result.correct += part.correct;
        leaves += part.leaves;
        result.minBits = std::min(result.minBits, part.minBits);
        result.maxBits = std::max(result.maxBits, part.maxBits);
        if (part.firstIncorrect &&
            (!result.firstIncorrect || part.firstIncorrect->index < result.firstIncorrect->index))
            result.firstIncorrect = part.firstIncorrect;
        if (part.firstTranscript) result.firstTranscript = part.firstTranscript;
    }
    CCSIM_CHECK_OP(result.instances, ==, total);
    if (result.firstIncorrect) {
        // The first wrong instance once more through the reference runner: its transcript for
        // the report, and a spot check that both engines answer it alike.
        InstanceRun& wrong = *result.firstIncorrect;
        ProtocolRunner runner(factory);
        const InstanceRun again =
            runInstance(reduction_, runner, instanceAt(wrong.index), wrong.index);
        CCSIM_CHECK_OP(again.truth, ==, wrong.truth);
        if (again.answer != wrong.answer)
            throw ProtocolViolation(fmt::format(
                "instance {} is answered {} by the tree engine and {} by the reference runner: the "
                "protocol's output depends on more than its parties' views (state shared outside "
                "the channel, or on the order of calls)",
                wrong.index, wrong.answer, again.answer));
        wrong = again;
    }
    CCSIM_CHECK(result.firstTranscript.has_value());
    result.incorrect = result.instances - result.correct;
    result.rounds = result.firstTranscript->messages().size();
    result.distinctTranscripts = leaves;
    result.effectiveBits = std::log2(static_cast<double>(leaves));
    if (options_.recordTranscripts) {
        for (std::uint64_t i = 0; i < total; ++i) {
            CCSIM_CHECK(logOf_[i] != nullptr);
            const std::string prefix = std::to_string(i);
            for (const std::string& line : *logOf_[i]) result.transcriptLog += prefix + line;
        }
    }
    return result;
}

// ---- the list walk ------------------------------------------------------------------------

namespace {

/// Hash of a party's input by content (bits, values, tokens), for telling inputs apart.
struct InputHash {
    std::size_t operator()(const PartyInput* in) const {
        std::size_t h = std::hash<Payload>{}(in->bits);
        auto mix = [&h](std::size_t v) { h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2); };
        for (std::uint64_t v : in->values) mix(std::hash<std::uint64_t>{}(v));
        for (const TokenRow& t : in->tokens) mix(TokenHash{}(TokenKey{&t}));
        return h;
    }
};
struct InputEqual {
    bool operator()(const PartyInput* a, const PartyInput* b) const { return *a == *b; }
};

}  // namespace

void TreeEngine::prepareList(std::uint64_t total) {
    // Every instance is encoded whole, exactly as the reference runner encodes it (no
    // separability needed), in parallel chunks; then each party's parts are numbered by
    // content, in instance order.
    const std::size_t threads = std::max<std::size_t>(1, options_.threads);
    listIndex_.resize(total);
    listTruth_.resize(total);
    listIds_.resize(total * parties_);
    encoded_.assign(parties_, {});
    std::vector<std::unordered_map<const PartyInput*, std::uint64_t, InputHash, InputEqual>> ids(
        parties_);
    std::vector<std::deque<PartyInput>> kept(parties_);  // stable addresses for the keys
    constexpr std::uint64_t kChunk = 1 << 14;
    std::vector<PartyInputs> encoded(kChunk);
    for (std::uint64_t begin = 0; begin < total; begin += kChunk) {
        const std::uint64_t count = std::min(kChunk, total - begin);
        parallelFor(threads, count, [&](std::uint64_t from, std::uint64_t to) {
            for (std::uint64_t k = from; k < to; ++k) {
                const Instance instance = instanceAt(begin + k);
                listTruth_[begin + k] = problem_.truth(instance);
                encoded[k] = reduction_.encode(instance);
                CCSIM_CHECK_OP(encoded[k].size(), ==, parties_);
            }
        });
        for (std::uint64_t k = 0; k < count; ++k) {
            const std::uint64_t i = begin + k;
            listIndex_[i] = i;
            for (std::size_t p = 0; p < parties_; ++p) {
                const auto found = ids[p].find(&encoded[k][p]);
                std::uint64_t id = 0;
                if (found != ids[p].end()) {
                    id = found->second;
                } else {
                    id = kept[p].size();
                    kept[p].push_back(std::move(encoded[k][p]));
                    ids[p].emplace(&kept[p].back(), id);
                }
                listIds_[i * parties_ + p] = id;
            }
        }
    }
    for (std::size_t p = 0; p < parties_; ++p) {
        encoded_[p].reserve(kept[p].size());
        for (PartyInput& in : kept[p]) {
            encoded_[p].push_back(std::move(in));
            encoded_[p].back().id = encoded_[p].size();
        }
    }
}

std::vector<std::pair<Payload, TreeEngine::Live>> TreeEngine::splitList(Worker& w, const Live& live,
                                                                        std::size_t depth) const {
    const PartyId speaker = w.runner.copies_.front().rounds[depth].from;
    const auto s = static_cast<std::size_t>(speaker);
    // The speaker's distinct inputs among the live tuples, in increasing number.
    Ids ids;
    ids.reserve(live.size());
    for (std::uint32_t t : live) ids.push_back(idOf(t, s));
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    std::vector<Group> groups = speak(w, depth, ids);
    std::unordered_map<std::uint64_t, std::size_t> groupOf;
    for (std::size_t g = 0; g < groups.size(); ++g)
        for (std::uint64_t id : groups[g].ids) groupOf.emplace(id, g);
    std::vector<std::pair<Payload, Live>> children(groups.size());
    for (std::size_t g = 0; g < groups.size(); ++g)
        children[g].first = std::move(groups[g].payload);
    for (std::uint32_t t : live) children[groupOf.at(idOf(t, s))].second.push_back(t);
    return children;
}

void TreeEngine::walkList(Worker& w, const Live& live, std::size_t depth) {
    const Protocol& schedule = w.runner.copies_.front();
    if (depth == schedule.rounds.size()) return leafList(w, live);
    const PartyId speaker = schedule.rounds[depth].from;
    const Round& step = schedule.rounds[depth];
    for (auto& [payload, below] : splitList(w, live, depth)) {
        w.runner.channel_.send(static_cast<int>(depth), speaker, w.runner.receivers_[depth],
                               step.label, std::move(payload));
        walkList(w, below, depth + 1);
        w.runner.channel_.retract();
    }
}

void TreeEngine::leafList(Worker& w, const Live& live) {
    const Transcript& transcript = w.runner.channel_.transcript();
    Partial& part = w.part;
    countLeaf(w);
    const auto o = static_cast<std::size_t>(w.runner.copies_.front().outputParty);
    Ids outs;
    outs.reserve(live.size());
    for (std::uint32_t t : live) outs.push_back(idOf(t, o));
    std::sort(outs.begin(), outs.end());
    outs.erase(std::unique(outs.begin(), outs.end()), outs.end());
    answer(w, outs);
    const std::vector<std::string>* fragment = logFragment(w);
    for (std::uint32_t t : live) {
        const std::uint64_t index = listIndex_[t];
        if (index == 0) part.firstTranscript = transcript;
        if (fragment) logOf_[index] = fragment;
        const auto at = std::lower_bound(outs.begin(), outs.end(), idOf(t, o)) - outs.begin();
        const std::uint64_t given = w.answers[static_cast<std::size_t>(at)];
        if (given == listTruth_[t]) {
            ++part.correct;
        } else if (!part.firstIncorrect || index < part.firstIncorrect->index) {
            part.firstIncorrect = InstanceRun{index, {}, given, listTruth_[t], {}};
        }
    }
    part.instances += live.size();
    watch_->finished(live.size());
}

VerifyResult TreeEngine::runList() {
    const ProtocolFactory factory = reduction_.protocol();
    const std::uint64_t total = options_.mode == VerifyMode::Sample
                                    ? options_.sampleCount
                                    : problem_.instanceCount().value_or(0);
    if (total == 0) throw UsageError("a run needs at least one instance");
    CCSIM_CHECK_OP(total, <=, kMaxListInstances);
    watch_ = std::make_unique<RunWatch>(options_, total, runName(problem_, options_));
    prepareList(total);
    const std::vector<std::unique_ptr<Worker>> workers = start(factory, total);
    const std::size_t threads = workers.size();
    const Protocol& schedule = workers.front()->runner.copies_.front();
    Live all(total);
    for (std::uint64_t t = 0; t < total; ++t) all[t] = static_cast<std::uint32_t>(t);

    auto work = [&] {
        if (schedule.rounds.empty()) return leafList(*workers.front(), all);
        // Units of work as in the rectangle walk: split on one worker until there are two
        // per thread (or the leaves are reached), then handed out one at a time.
        struct ListUnit {
            std::vector<Payload> path;
            Live live;
        };
        std::vector<ListUnit> units = {{{}, std::move(all)}};
        std::size_t depth = 0;
        while (units.size() < 2 * threads && depth < schedule.rounds.size()) {
            std::vector<ListUnit> next;
            for (ListUnit& u : units) {
                enter(*workers.front(), u.path);
                auto children = splitList(*workers.front(), u.live, depth);
                leave(*workers.front(), u.path);
                for (auto& [payload, live] : children) {
                    ListUnit child{u.path, std::move(live)};
                    child.path.push_back(std::move(payload));
                    next.push_back(std::move(child));
                }
            }
            units = std::move(next);
            ++depth;
        }
        dispatch(workers, units.size(), [&](Worker& w, std::size_t u) {
            enter(w, units[u].path);
            walkList(w, units[u].live, depth);
            leave(w, units[u].path);
        });
    };
    watch_->run(work);
    return merge(workers, total, factory);
}

VerifyResult verifyTree(const Reduction& reduction, const VerifyOptions& options) {
    const std::string obstacle = treeEngineObstacle(reduction, options);
    if (!obstacle.empty()) throw InternalError("tree engine: " + obstacle);
    std::optional<ProductSpace> space = reduction.problem().productSpace();
    if (options.mode != VerifyMode::Exhaustive) space.reset();
    TreeEngine engine(reduction, options, std::move(space));
    return engine.run();
}

}  // namespace ccsim
