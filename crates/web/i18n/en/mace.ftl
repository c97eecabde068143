# MACE meetings and the action register
audit-mace-meeting-create = Arranged a MACE meeting
audit-mace-meeting-view = Read a MACE meeting
audit-mace-meeting-list = Listed MACE meetings
audit-mace-item-add = Added an item to a MACE agenda
audit-mace-item-update = Recorded a MACE item's discussion
audit-mace-action-add = Agreed a MACE action
audit-mace-action-update = Updated a MACE action
audit-mace-action-carry = Carried MACE actions to the next meeting
audit-mace-action-list = Listed MACE actions
