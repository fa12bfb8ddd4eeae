package config

import "fmt"

// validateCommands checks the keys of the slash commands: they need bot
// mode (a webhook receives nothing from Discord), and their ids must be
// ids.
func (d *Discord) validateCommands(v *validator, path string) {
	if d.CommandsOn() && d.Mode() != ModeBot {
		v.add(path+".commands", "needs bot mode (token and channel_id): a webhook can post alerts but cannot receive slash commands")
	}
	if !d.CommandsOn() {
		if len(d.CommandRoles) > 0 {
			v.add(path+".command_roles", "has no effect without commands: true; set commands: true, or leave command_roles out")
		}
		if d.GuildID != "" {
			v.add(path+".guild_id", "has no effect without commands: true; set commands: true, or leave guild_id out")
		}
	}
	for i, r := range d.CommandRoles {
		if !isSnowflake(r) {
			v.add(fmt.Sprintf("%s.command_roles[%d]", path, i), "must be a role's numeric ID, such as \"123456789012345678\" (in Discord: Developer Mode, then Copy Role ID)")
		}
	}
	if d.GuildID != "" && !isSnowflake(d.GuildID) {
		v.add(path+".guild_id", "must be the server's numeric ID, such as \"123456789012345678\" (in Discord: Developer Mode, then right-click the server, Copy Server ID)")
	}
}
