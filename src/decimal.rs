//! Decimal digits of an unsigned integer without `core::fmt`: prediction
//! writes several numbers per output row (and builds a `path:line` id per
//! input row), and the formatting machinery was a visible cost there.

/// The decimal digits of a `u64`, held on the stack.
pub(crate) struct Decimal {
    digits: [u8; 20],
    start: usize,
}

impl Decimal {
    pub(crate) fn new(mut n: u64) -> Self {
        let mut digits = [0u8; 20];
        let mut start = digits.len();
        loop {
            start -= 1;
            digits[start] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        Decimal { digits, start }
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.digits[self.start..]
    }

    pub(crate) fn as_str(&self) -> &str {
        // ASCII digits only, so this never falls back.
        std::str::from_utf8(self.as_bytes()).unwrap_or("0")
    }
}

#[cfg(test)]
mod tests {
    use super::Decimal;

    #[test]
    fn digits_are_those_of_format() {
        for n in [0, 1, 9, 10, 99, 100, 12_345, 1 << 40, u64::MAX] {
            assert_eq!(Decimal::new(n).as_str(), n.to_string());
            assert_eq!(Decimal::new(n).as_bytes(), n.to_string().as_bytes());
        }
    }
}
