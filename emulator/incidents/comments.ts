// Neither incident API documents a limit on a comment's length. Microsoft Sentinel, whose incidents
// the Defender portal shares, documents 30,000 characters per comment: the emulator holds both APIs to it.
export const MAX_COMMENT_LENGTH = 30_000;

/** Why a comment cannot be added to an incident, in words both APIs' error messages use; undefined when it can. */
export function commentProblem(comment: string): string | undefined {
  if (comment.trim() === "") return "The comment is empty.";
  if (comment.length > MAX_COMMENT_LENGTH) return `The comment has ${comment.length} characters; at most ${MAX_COMMENT_LENGTH} are allowed.`;
  return undefined;
}
