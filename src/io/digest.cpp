#include <array>

#include <fmt/format.h>
#include <openssl/evp.h>

#include <ccsim/error.hpp>
#include <ccsim/io/digest.hpp>

namespace ccsim {

std::string sha256Hex(std::string_view bytes) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1)
        throw InternalError("SHA-256 failed (OpenSSL EVP_Digest)");
    std::string hex;
    for (unsigned int i = 0; i < length; ++i) hex += fmt::format("{:02x}", digest[i]);
    return hex;
}

}  // namespace ccsim
