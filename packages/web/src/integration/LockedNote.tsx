export function LockedNote() {
  return <p className="locked-note">Available once an operator activates this account.</p>;
}
