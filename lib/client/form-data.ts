// A form field as text: FormData also holds File values, which must never be stringified
// into "[object File]" and sent as a name or a password.
export function formText(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === "string" ? value : "";
}
