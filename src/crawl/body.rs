//! Reading a response body without trusting it: chunk by chunk, stopping at a limit. The
//! client decompresses gzip/brotli/deflate before the chunks arrive here, so the limit is on
//! the decoded size and a compression bomb is cut off, never inflated whole.

/// Why a body could not be read whole.
#[derive(Debug)]
pub enum BodyError {
    /// Over the limit (only when going over is an error).
    TooLarge,
    Read(reqwest::Error),
}

/// Reads at most `limit` bytes of the body. Past the limit the rest is an error when `strict`,
/// else it is left unread.
pub async fn read_limited(
    response: &mut reqwest::Response,
    limit: u64,
    strict: bool,
) -> Result<Vec<u8>, BodyError> {
    let declared = response.content_length();
    if strict && declared.is_some_and(|n| n > limit) {
        return Err(BodyError::TooLarge);
    }
    // A declared length is a hint, never trusted for more than a first allocation.
    let hint = declared.unwrap_or(0).min(limit).min(1024 * 1024);
    let mut body = Vec::with_capacity(hint as usize);
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    while let Some(chunk) = response.chunk().await.map_err(BodyError::Read)? {
        let room = limit - body.len();
        if chunk.len() > room {
            if strict {
                return Err(BodyError::TooLarge);
            }
            body.extend_from_slice(&chunk[..room]);
            break;
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}
