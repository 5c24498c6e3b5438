import { ProblemCard } from "@/components/dashboard/problem-card";

// Another user's chat and a chat that does not exist look the same: a guessed id learns nothing.
export default function ChatNotFound() {
  return (
    <div className="w-full py-6" data-testid="chat-not-found">
      <ProblemCard problem={{ code: "not_found", seconds: null }} />
    </div>
  );
}
