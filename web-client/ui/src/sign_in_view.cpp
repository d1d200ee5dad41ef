// Sign in / register, with the server's errors.
#include "view_state.hpp"

namespace herald::ui {

void draw_sign_in(client::Client& client, ViewState& view) {
  const auto& state = client.state();
  const float width = 320;
  ImGui::SetCursorPosX((ImGui::GetWindowWidth() - width) * 0.5f);
  ImGui::SetCursorPosY(ImGui::GetCursorPosY() + 60);
  ImGui::BeginGroup();
  ImGui::TextColored(colors::kAccent, "Welcome to Herald");
  ImGui::TextColored(colors::kMuted, "Sign in, or pick a username to register.");
  ImGui::Spacing();
  ImGui::PushItemWidth(width);
  ImGui::TextUnformatted("Username");
  ImGui::InputText("##username", view.username.data.data(), view.username.data.size());
  ImGui::TextUnformatted("Password");
  const bool submitted =
      ImGui::InputText("##password", view.password.data.data(), view.password.data.size(),
                       ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::PopItemWidth();
  ImGui::Spacing();

  const bool can_send = state.phase == client::Phase::signed_out;
  if (!can_send) ImGui::BeginDisabled();
  const bool sign_in = ImGui::Button("Sign in", ImVec2(width * 0.5f - 4, 0)) || (submitted && can_send);
  ImGui::SameLine();
  const bool register_account = ImGui::Button("Register", ImVec2(width * 0.5f - 4, 0));
  if (!can_send) ImGui::EndDisabled();
  if (sign_in) client.sign_in(view.username.str(), view.password.str());
  if (register_account) client.register_account(view.username.str(), view.password.str());
  if (sign_in || register_account) view.password.clear();

  if (state.phase == client::Phase::authenticating) ImGui::TextColored(colors::kMuted, "Signing in...");
  if (state.error) {
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    ImGui::TextColored(colors::kError, "%s", state.error->message.c_str());
    ImGui::PopTextWrapPos();
  }
  ImGui::EndGroup();
}

}  // namespace herald::ui
