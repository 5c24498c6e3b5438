import { redirect } from "next/navigation";

// The product lives under /telegram; the proxy sends signed-out visitors to sign-in.
export default function HomePage() {
  redirect("/telegram");
}
