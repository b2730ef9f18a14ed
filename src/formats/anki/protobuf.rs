//! Just enough of the protobuf wire format to read the config blobs of an Anki
//! collection (schema 18): a note type's kind and a template's question and answer.

/// A field's value as the wire format holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value<'a> {
    Varint(u64),
    Bytes(&'a [u8]),
    Fixed64(u64),
    Fixed32(u32),
}

/// Every `(field number, value)` of a message, in order; `None` if the bytes are not
/// a well-formed message.
#[must_use]
pub fn fields(mut buf: &[u8]) -> Option<Vec<(u64, Value<'_>)>> {
    let mut out = Vec::new();
    while !buf.is_empty() {
        let key = varint(&mut buf)?;
        let number = key >> 3;
        let value = match key & 7 {
            0 => Value::Varint(varint(&mut buf)?),
            1 => Value::Fixed64(u64::from_le_bytes(take(&mut buf, 8)?.try_into().ok()?)),
            2 => {
                let len = usize::try_from(varint(&mut buf)?).ok()?;
                Value::Bytes(take(&mut buf, len)?)
            }
            5 => Value::Fixed32(u32::from_le_bytes(take(&mut buf, 4)?.try_into().ok()?)),
            _ => return None,
        };
        out.push((number, value));
    }
    Some(out)
}

/// The last string value of field `number` (protobuf's "last one wins"); `None` when
/// absent, not a string, or not UTF-8.
#[must_use]
pub fn string(buf: &[u8], number: u64) -> Option<String> {
    fields(buf)?
        .into_iter()
        .filter(|(n, _)| *n == number)
        .filter_map(|(_, v)| match v {
            Value::Bytes(b) => std::str::from_utf8(b).ok().map(str::to_string),
            _ => None,
        })
        .next_back()
}

/// The last varint value of field `number`; absent fields are 0 in proto3.
#[must_use]
pub fn uint(buf: &[u8], number: u64) -> Option<u64> {
    Some(
        fields(buf)?
            .into_iter()
            .filter(|(n, _)| *n == number)
            .filter_map(|(_, v)| match v {
                Value::Varint(x) => Some(x),
                _ => None,
            })
            .next_back()
            .unwrap_or(0),
    )
}

fn varint(buf: &mut &[u8]) -> Option<u64> {
    let mut value: u64 = 0;
    for shift in (0..64).step_by(7) {
        let (&byte, rest) = buf.split_first()?;
        *buf = rest;
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some(value);
        }
    }
    None
}

fn take<'a>(buf: &mut &'a [u8], n: usize) -> Option<&'a [u8]> {
    if buf.len() < n {
        return None;
    }
    let (head, rest) = buf.split_at(n);
    *buf = rest;
    Some(head)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_an_anki_template_config() {
        // As stored in `templates.config` by Anki 26.09 for Basic's card 1.
        let blob = b"\n\t{{Front}}\x12'{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}@\xc9\xe9\x92\x93\xd5\xaa\xe2\xf2-";
        assert_eq!(string(blob, 1).as_deref(), Some("{{Front}}"));
        assert_eq!(
            string(blob, 2).as_deref(),
            Some("{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}")
        );
        assert_eq!(string(blob, 3), None);
    }

    #[test]
    fn reads_a_notetype_kind() {
        assert_eq!(uint(b"\x08\x01\x1a\x00", 1), Some(1));
        assert_eq!(uint(b"\x1a\x00", 1), Some(0));
        assert_eq!(uint(b"\x08", 1), None, "truncated");
    }

    proptest! {
        #[test]
        fn never_panics(b in proptest::collection::vec(any::<u8>(), 0..64)) {
            let _ = fields(&b);
            let _ = string(&b, 1);
            let _ = uint(&b, 1);
        }
    }
}
