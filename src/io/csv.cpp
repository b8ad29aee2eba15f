// CSV fields and one-row tables (io/csv.hpp).

#include <ccsim/io/csv.hpp>

namespace ccsim {

std::string csvField(std::string_view field) {
    if (field.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(field);
    std::string out = "\"";
    for (char c : field) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::vector<std::string> csvSplit(const std::string& line) {
    std::vector<std::string> out(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                out.back() += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                out.back() += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            out.emplace_back();
        } else {
            out.back() += c;
        }
    }
    return out;
}

std::string csvRow(const std::vector<std::pair<std::string, std::string>>& columns) {
    std::string header;
    std::string row;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        const std::string sep = i == 0 ? "" : ",";
        header += sep + columns[i].first;
        row += sep + csvField(columns[i].second);
    }
    return header + "\n" + row + "\n";
}

}  // namespace ccsim
