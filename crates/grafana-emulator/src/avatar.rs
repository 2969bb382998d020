//! Avatar URLs as Grafana builds them (`pkg/api/dtos` `GetGravatarUrl`,
//! `GetGravatarUrlWithDefault`): `/avatar/` and the hex MD5 of the
//! lower-cased e-mail.

/// `GetGravatarUrl`: `/avatar/<md5 of the lower-cased text>`, `""` for an
/// empty text.
pub(crate) fn gravatar_url(text: &str) -> String {
    if text.is_empty() {
        return String::new();
    }
    format!("/avatar/{}", md5_hex(text.to_lowercase().as_bytes()))
}

/// `GetGravatarUrlWithDefault`: the e-mail's avatar or, without an e-mail,
/// that of `<name without non-alphanumerics>@localhost`.
pub(crate) fn gravatar_url_with_default(email: &str, name: &str) -> String {
    if !email.is_empty() {
        return gravatar_url(email);
    }
    let cleaned: String = name.chars().filter(|c| c.is_alphanumeric()).collect();
    gravatar_url(&format!("{cleaned}@localhost"))
}

/// MD5 (RFC 1321) as lower-case hex. Only for avatar URLs: not a security
/// primitive.
fn md5_hex(input: &[u8]) -> String {
    const SHIFTS: [u32; 64] = [
        7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5,
        9, 14, 20, 5, 9, 14, 20, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10,
        15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
    ];
    let k: [u32; 64] =
        std::array::from_fn(|i| ((i as f64 + 1.0).sin().abs() * 4_294_967_296.0) as u32);
    let mut msg = input.to_vec();
    let bit_len = (input.len() as u64).wrapping_mul(8);
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&bit_len.to_le_bytes());
    let mut state: [u32; 4] = [0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe, 0x1032_5476];
    for chunk in msg.chunks_exact(64) {
        let m: [u32; 16] = std::array::from_fn(|i| {
            u32::from_le_bytes([
                chunk[4 * i],
                chunk[4 * i + 1],
                chunk[4 * i + 2],
                chunk[4 * i + 3],
            ])
        });
        let [mut a, mut b, mut c, mut d] = state;
        for i in 0..64 {
            let (f, g) = match i / 16 {
                0 => ((b & c) | (!b & d), i),
                1 => ((d & b) | (!d & c), (5 * i + 1) % 16),
                2 => (b ^ c ^ d, (3 * i + 5) % 16),
                _ => (c ^ (b | !d), (7 * i) % 16),
            };
            let f = f.wrapping_add(a).wrapping_add(k[i]).wrapping_add(m[g]);
            a = d;
            d = c;
            c = b;
            b = b.wrapping_add(f.rotate_left(SHIFTS[i]));
        }
        for (s, v) in state.iter_mut().zip([a, b, c, d]) {
            *s = s.wrapping_add(v);
        }
    }
    state
        .iter()
        .flat_map(|w| w.to_le_bytes())
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn md5_known_digests() {
        assert_eq!(md5_hex(b""), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(
            md5_hex(b"admin@localhost"),
            "46d229b033af06a191ff2267bca9ae56"
        );
        assert_eq!(
            md5_hex(b"The quick brown fox jumps over the lazy dog"),
            "9e107d9d372bb6826bd81d3542a419d6"
        );
        // Two blocks of padding.
        assert_eq!(md5_hex(&[b'a'; 60]).len(), 32);
    }

    #[test]
    fn avatars() {
        assert_eq!(
            gravatar_url("Admin@Localhost"),
            "/avatar/46d229b033af06a191ff2267bca9ae56"
        );
        assert_eq!(gravatar_url(""), "");
        assert_eq!(
            gravatar_url_with_default("", "My Team!"),
            gravatar_url("MyTeam@localhost")
        );
    }
}
