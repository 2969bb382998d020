//! Service-account token format (`glsa_<32 alnum>_<8 hex>`) and random keys.

/// 32 random characters from `[0-9A-Za-z]`, like Grafana's
/// `util.GetRandomString(32)` (snapshot keys, token secrets).
pub(crate) fn random_alnum(len: usize) -> String {
    (0..len).map(|_| fastrand::alphanumeric()).collect()
}

/// A new service-account token. Format from Grafana's
/// `pkg/components/satokengen/tokengen.go`: `"glsa_" + secret(32) + "_" +
/// checksum`, where the checksum is the CRC32 (IEEE) of `"glsa_" + secret`
/// written as 4 little-endian bytes in lower-case hex.
pub(crate) fn new_sa_token() -> String {
    let prefixed = format!("glsa_{}", random_alnum(32));
    let sum = crc32_ieee(prefixed.as_bytes()).to_le_bytes();
    format!(
        "{prefixed}_{:02x}{:02x}{:02x}{:02x}",
        sum[0], sum[1], sum[2], sum[3]
    )
}

/// Whether `token` has the `glsa_` shape and a correct checksum.
pub(crate) fn is_well_formed_sa_token(token: &str) -> bool {
    let Some(rest) = token.strip_prefix("glsa_") else {
        return false;
    };
    let Some((secret, sum)) = rest.split_once('_') else {
        return false;
    };
    if secret.len() != 32 || !secret.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return false;
    }
    let expect = crc32_ieee(format!("glsa_{secret}").as_bytes()).to_le_bytes();
    let expect = format!(
        "{:02x}{:02x}{:02x}{:02x}",
        expect[0], expect[1], expect[2], expect[3]
    );
    sum == expect
}

/// CRC-32/ISO-HDLC (the IEEE polynomial used by Go's `crc32.ChecksumIEEE`).
pub(crate) fn crc32_ieee(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc_reference_value() {
        assert_eq!(crc32_ieee(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn token_shape() {
        let t = new_sa_token();
        assert_eq!(t.len(), 5 + 32 + 1 + 8);
        assert!(is_well_formed_sa_token(&t));
        let mut bad = t.clone();
        bad.replace_range(6..7, if &t[6..7] == "a" { "b" } else { "a" });
        assert!(!is_well_formed_sa_token(&bad));
        assert!(!is_well_formed_sa_token("glsa_short_00000000"));
    }
}
