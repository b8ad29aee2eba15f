#include <ccsim/error.hpp>
#include <ccsim/reduction.hpp>

namespace ccsim {

BuiltReduction buildReduction(std::string_view name, const std::vector<std::string>& words) {
    const ReductionInfo& info = ReductionRegistry::instance().get(name, "reduction");
    Params params(info.params, words, info.name);
    std::unique_ptr<Reduction> reduction = info.make(params);
    params.checkAllUsed();
    return {&info, std::move(params), std::move(reduction)};
}

ClosedForm checkedClosedForm(const Reduction& reduction, const Protocol& protocol) {
    ClosedForm form = reduction.closedForm();
    // The formula is evaluated on its own; nothing prints a value it did not check.
    CCSIM_CHECK_OP(form.bits, ==, protocol.declaredBits());
    return form;
}

}  // namespace ccsim
