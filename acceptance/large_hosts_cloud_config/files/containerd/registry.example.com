# 400 mirrors with random names: about 41 KB that gzip leaves at 12.7 KB of base64, more
# than the 10,240 characters Cluster API accepts per KubeadmConfigSpec file.
server = "https://registry.example.com"

[host."https://g7prqse2t3zzhqouwqx7jk9rkaehvbfr.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://nyz2ghxlg56mr2n5s6qghfrrhbk0h7f1.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://4k8y3t5310gq4zp25ej5r2bz1bwx4qwt.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://7mc94qgygcmtba6s7wqhcjmaoq6qlpnv.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://sxc9k6mx5ypy89u5cp14vfqgimdjnq52.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://i8ydgqx810i2ofjljbow9c03r4uexd8g.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://e1hdkeatciyja2357bsfrps6a9pawhhz.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://y2swvbqistn72be2vy1q0mby4py7hopm.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://qepf39dbms13oeelx3mygx4nwv58tdl3.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://ir4t8djd7bt5xsxlibn6eiotz4wlwp9w.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://v71hactrktmmh6oys2hyh2e8pd8n88ym.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://8fix4hff9oogi494uy6exh6vrk34gwc8.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://2uad8ymp8gw6kr1dle1v4m91j980tpsn.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://khqp6dnjnzqhooamtcr9poviodrla906.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://r52pd5j3nqm6th5zb48u1us8u8eavepk.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://m2q25yyazpesf6n7403vxy4qyrxlbish.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://55do4bdi0lmlycnsicuue6nbgf9ao90j.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://dvv00b84bdbg1maigtubc8m3ulpsr40m.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://5n6l5or4kcfyv5ll71us18vadwc86pb9.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://bdve7kv5yyivzmhi8yzmthwet6r9s2pc.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://2hyhyyvhvfsotngu53dr9s9s9iv9tq4f.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://g24ratyrujjfr7km5m8zry0ugg964uho.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://0kz2bqwt41zrq3zlsn30y92rlc4sig6o.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://cbkhjh9p5nknc4uib02hkg5okmu4vkix.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://q5q6o1spqw776ecm2zseb9b354omex07.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://aiuzss1cadycd2pc9jdr3jqhjr9gupse.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://k0z83as71g9sebkvd2g0e8jj0eecox9p.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://oieponlvs4nlddygzr3hz52ubwp7ciwu.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://b0n7zb6ricdnpgg6omuhq2oun2f34hev.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://hag9aabd4yl4azkyoqk21w8qh4g7u8dm.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://178w6uyn89v3asd7gxy9gfk8tf65fbpu.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://l3x5n3dy7jiks4i0pek54zqm58jy5owy.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://oihn9y3lhkietox0tcnk3i1o7jyx5krh.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://myigqwzfk383thhcqj9vmatf422469na.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://nerjvcce8u3ntz7n7lig8qr6motlqnzr.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://rzo6rdwtqqg6rlrj5o2mlc3vqzwhs66c.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://9k6hx3q9gbwnajvvfy094sw5ws2n3xm2.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://dcu2224amswe1sd0zr4n7qec771at28x.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://0md5oxsqzk8mfv9wngctvo62k9nf6hc4.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://n8holbbk5je9a6jidanm6zmcecepiqai.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://teshxy4jbr33x9u2bz7f17nqvwctz6t6.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://bbagct5i6u4jjk3dizkqu8qnwwykbdxu.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://qmm5z24dxrx8jq7flxcx4n4rhs6e3cc4.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://dh9plxvmzbyzg9fefgc2jv3sv36xmk3s.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://lpj2ywh2deeg7quodeyzh9oqpxm1vjta.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://1zt3mkqhgahkkbp6pak3o5e838p129h2.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://ymbvemhdx75u2p31nb5633rs20oysmae.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://spnb1w19ysy5prx5g6qqqxlp1ilz2toq.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://sdk4fnlmrxhllkgwhe904plqbc6l18bw.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://ndjjvdtgxrr4p1lgipsat67apbz77nem.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://sgripjskbxvyscl49n9i9zj5iklduylh.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://25eqsddz18owp0195iqg3svj4lc0ijd5.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://hfiqazo52pij25w3ch0zx0mmnlozn997.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://xhg2he13pqn0rkms004gd4nor2c31thr.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://l8mlr7b12fe4o9twrvdt9jsfa0zf7994.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://ab87rsz8lg8pb5hqotyiir5o4y2rbnis.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://3qkc1r442u34jrl2vatod2bscvha9rsa.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://13ku8vn3cigss3uzftzm0q7y9dz8tm6n.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://c6whonl9uyxjru6nxyq56c2jxjdgkjnz.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://ea1cyl6ahna890if3x5wx9turiktchep.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://nexkyv9ij0csu4skkihigvneprbth3zz.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://r8i33wvtrdpa74gucmsgofd1ydl6sdkw.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://xc5jnvay69u5ug0dai4mj1n28ih0ce30.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://e69d13ckqmrm5o0mh5xaux2uk3m2lloe.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://ad5djuuk06fexf3cwyoofzudq7s9oxb5.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://p9ks6kmaqldciuokloleyrg5s7o003pc.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://mfsi0pzg1qg10ksu597j3lt54ullvl5q.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://e7uwu0q3eke4xsm04f7a7cdnqqik6loa.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://vpbox0fzkplyask4chn15yh7qv81bt0k.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://8ufi2ahjxi67m5lwdy4y2i181jy9aall.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://jzpd0vzxis1zsg51z70ab72x6hjtmw15.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://nlgkduqs2myc3h2paohm4lqcg6rqn1cp.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://nubj8zzyzvv8c81uizork4tg1ocyhx0i.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://u5h52vjnsc7vg1xq7uw1h6703atmrdd2.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://l9g4kzpbc560cesn1s3c9cj6b9m76mez.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://14h3bgavqdsz505knrga6jz7su9p5lhy.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://d26yta80fc11qt6tn4w8rd5wo3r78juo.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://9i86757wvet01lstd9okwy2q6xqvjyd0.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://2kab8dg8kaj0waduk72awu7pvg5ixzxp.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://9zg20seegtuketjcxqh7oiwhbmqpwqbt.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://mwe3barhljzbfv25iiqd19ozrcjp0b1j.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://4zq07qrubyom8v8algca99bxb5xkrnfy.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://rviz1lkoqdneklx7nwlt4h8v6ryhw0g2.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://5ch6qgv0jhpbcybnygvlcilm9wrxdver.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://qxz6gmsc15da84wv17pdoysefi11hkrr.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://733zq5nsqxk9dis9zidrlmeuqjt3qfd1.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://lxwy0kzfvlro8e4pnusi7m74juexc68j.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://7xywsf8m6pl348i2ttwe8wnsg8wac7wy.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://fxvpy3oj1wb6a3pu6czih3j6ir5pey66.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://l0uyshk491eoud4i0zsom4csok0xm4lj.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://jfs0civ5g631nwviny1di6kwm4dr0rat.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://6cky543m0wyfxxyiveledg9v4r9bepqh.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://3vf7uznjxzjdxgg0a9qqf5iyyiwx2kuh.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://f169si21oi6v344rqljzuc471fl7a207.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://15sn0s6o94dbrl5kt6qk4degrlqr1dxi.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://81mm0vmt4lwndc92ttk4cz25leln4w29.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://7jjyu2e6gr12ib2pbxunqgud0g198wx2.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://ons4q4w5i0ku389ddqxvbncwbubpmylr.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://s0fosienwxtg6gc68vv6bpwp4eewbp0j.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://g60xtmjpny5ebwsh39xmwq39jtbbekbe.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://c5ix4zor94d0fh8bk3erlp8s9o9edmio.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://6n1e9uti39jt1epbi97wupt94ujpjceb.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://ffqyoszojw65e9ex969tesyk8plof7ut.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://3wlfi713uvh1uzdqhbxh8fzjkfdvxr02.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://7tiz5ctg8fzg0gef0kn3kmog63036s3k.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://me30f3954v0c54p1tda7d2bygt9t05hs.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://yxwoopyqlpo91u2a9a4c27cuiujbcubk.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://22a9wnu0o0d2mlwvt57j67wcfi1sirpu.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://7ofzq29lntfuvbyq4y11e33h2x9iqf9s.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://6102891yoegjjjh6d394cf1zo9r55497.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://7hwubjw4yofo0b0o0a1oyncaw9fpocgw.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://1qu8xq1nrw4qk6t6daumnhj15jchbd7l.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://3fl39n6fx57zj8au3prfmred316c5zky.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://ocxbei51cn652pjgyz232yclgr49xrx0.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://fgx1zuvcl4gqdu27cgrrldkeljofh1y6.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://18jnqlh9m0jcxmxntoukfvthuexae2ib.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://xf8srmmzs7m0jk49ml8ra32wao0l4lsa.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://4dqmme5yn7o7efooz8gy02ab4sx5e3sh.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://04h0pyqmv4tvbn7dibmifnz0fithb5i8.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://001dockuh7zmowmv3c0m74iuh8w3k7fk.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://hmqcahew5vc0hvo7hc3hcz1s34vvc5rv.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://0dnd9mhhfzoh578ww8isk7n5tfrbt9ez.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://jfwcjb25biat50oyne2o5deo98cuxvh8.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://1u7553zp77kiouzp0qidfgul5f1474td.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://y6bfccsh5n02bb3xp7d6y9p1cupxpdfq.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://6metihljlgn7m5jgmt5xk6gb7rsijsrn.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://1wzjp6u4guo95kai8kmq7gz4nepc5s29.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://tkr039g9ir8n6ask4ji3lvy0hrnlxnb7.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://mp4y7e30d8978v53vc4vsktlw2haoj5f.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://t95xg86rclyaii2pwmomsqm8m64mfx78.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://0jet2twjvn15u8l34engb51sfue63o8l.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://cc6b8o0f1112vzuygjrufqhpn77qy5l0.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://kgxgryn64hsnq9rb787dxmqij6jgaloz.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://i7h8xf6tnq2b8sltnffswiyf6j0dt9tf.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://unjpgu8n3ldf6nhquuwg3dgiebwgpbk4.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://skzaqxuu5s6077iwfwd1uljg1y0jti8a.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://d5oz1v2r40cug69is0zcm6amik42kgr1.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://f4bmk97dzlsuxriezlkq0b5lceceywx9.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://psx1cqmpiscprekdujw0a3cmsqz6s386.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://97lrgzkd50zl50amn6lxyzzwq1xrmiqe.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://2n3ivdyzryus2vj0cbwcr7gcmd91jt99.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://qtsocg9s1zw4q4tepvvyvwpfajf2yxtv.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://z9pqojh5j7cbn2tcbha07teq2sgvsung.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://nhfjptf9q3hbwayr76wb3spz3rhor4xu.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://poihc385lnmrbitxsd4di6av2km9ce66.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://eqggruz9onh25by7tvwgjgen0dbwh7wd.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://own3nq111kh86j7d3q6qsmsh7tq2f5wj.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://ag1bd5bs3wabb3k0t07kdjy8t7mzx9mm.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://99kko0d1m75yjrakn4zdu0eejanulz41.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://llymz8w4uhkgcch57u9frdn9nki9z4ob.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://duxdhi9fihfk4y88vx48ee5pv7dfw5kf.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://1nmvl7mchazqbjmmiy73kqvxrchc7pfv.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://7i1biy6bacpbmclkr1wxvysk39lf9mf2.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://ri8fxkzz8v4on671oqwo29asen7q9bp7.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://8u7yxunfo6a28a8nfgs6y905p1huwuxv.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://hk6f43xngmbhoeyaypo6fhfprfkhee4l.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://3qt8wzfswawqsjoduusw0r4ew6jt8bw2.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://vcu61cqj3t6a6ry408pyg691z450uwr0.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://ikl5sgz5vaa2j8lg5fogje4my7hndpsl.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://n5foyrxf3a0wbzmpshu8604j7f7pgyra.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://kv53cz7skice2kskagjkh17fd3l55mhx.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://7h62xu8lk8z1d0vn11816l0o9t3nxbpd.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://gstrhgfylljuf6jas813uryfgvvtwj88.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://yfcg7r4d0ttawdmwqa88y1u8tz5esquy.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://8lly4tvpcevbqwxhd2wobx3iw2itul17.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://ko0301lmygwv3z4z5zm2frqx8zcx2jvi.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://ito2rpnux9l297rxk26o2616msd7thl4.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://jx0fol0eyi3n9b2r89v0vnfs3u60y6rx.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://4t7eprlo7iwhvqnwl8nnq2r5w8zbqub6.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://ojs33264qo2vyssjscinm0foxmsw7sn6.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://4r7di0chyz7qb3t6fy5yfzgm7it512ra.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://dk9zkrr4ddyirhamzqkku1ljk1lyuuz8.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://stzufyxyajxw5qybla4tdl1jlh32j86e.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://yclaob2phfe4k6a21zzes6ana3vf07lz.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://ptsfilt5mhh507m5xw4nekkt90peh6j1.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://hpzj3l3hiaeoa0midr0e3wyjjg5269hq.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://5ftebt42pt9877vhp9qf1xmd9vjxni6x.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://y8tp2xtljfrq8vba9vk411mcl0llb41p.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://qxraprahsscemlrmhvi2jkcvj5eyr7dp.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://upzorybahc4ewx6lagrcr5nuz3smuodo.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://l9hkukji7mvt4hk95n6quv1io8zr16mj.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://ypzetnn6y5is94oygt5nhnbe26wgldbl.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://0tuzt8d20ixo55mzzfptbczz54bc4y3q.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://m45qeszejscwudvib0a926zp07bn0g00.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://7ryayemhct4g1aesxnw0rl8st0by22si.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://i693xbifpu0e0xdp3jd1aww2qg1v2msm.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://neqfmoit2q94hn4l1nl2p3oqbzmucqn1.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://trcapz1pxl943ix6y7cnp2gw1hfxep0j.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://3xytia0695ve309a0utfl6mfhgaiz4al.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://k26vqmxsg124zu8re5ralybe0jq553dp.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://zzur20rpd0k9tungpl7t4gkqnuj8kv2u.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://alwmobvievywd1vvmkqeisifz6jyje0f.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://5df8lh1i3vnrpwh6ij9zlh4u4sd1kw5k.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://ci6usj6fjou455bad92ar78osnkkd0wq.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://0myfagsxoj3glv30ceg9z342llu9ruip.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://tie4yyw446gnn02q8iex3bk8nhjcc7np.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://3sojyq29sp2b0d36w7ncbcyy3hhcldcb.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://3ti2ud6xgcjyrvzjyc1zi5we5whf41bf.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://88ijj122g2r6qs0my51yorh4vy47h3x4.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://taupshkgw86bsm5ufbnpinn6xrmp67se.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://tkhajhdhojqrafnskr226d8mubrckya6.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://hca5prg60t2mtvd0u2ddhikmu48fhmk2.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://a3wbr6lrrsrwvx4cda0nsdcpc5tsjwxo.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://v5y61hgouhd9wlv65r6gpovliii0k218.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://9lsl9oqm39anmxbc35iz0jn345jwv41t.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://rc8swlmtso93vbhmmi2yvvnscg4swn7o.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://awtodst6g3b9qv09wd9zh1oyz335d0yc.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://bx4lzsknfcoorxrcs83owsbhrs4drp1f.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://yikttgn7fx8gnrtzzwr3agfa367w9s6u.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://4enm2bueez1lhqb5g9dwwwgnbmowgyqx.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://bywfju8auuhbcwknkv9fq31wevdtndql.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://l193tjnjc5sw62jrj55bwyynqfjrwld7.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://noiwn42xomg67ea7c0b60j8jvxa8xe8i.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://uwxndnh28p3j6ocwu0mmaf1jwqv1rk8k.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://7e7lp5mvlfqy1phvqne60hsxzszcrinj.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://az69umup6rvw35mvg9srxf3i8967e4bc.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://hjcuisfm7h1p4v88tbwjy22j8sbrq54d.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://5g3dy53pf0j02ttvp4rli8nb30joz12f.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://pooss78kmd55vfjl5en8gmkquckrsd3h.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://z3ngr08dn4frl36ap3bjcxhzfngedkyw.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://cbm2sllrdich3mhcwf9alyeww6lijigt.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://891w4u89j03ffh8g6hgh080xsr1wf4h8.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://dfz80rdwmw2m5lfqws5plw7k1ukbow1y.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://2twfhecpsti609d41qy9twsh8asmsrlp.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://35mzippm9wlpxdkuu6bc607h0uerqnzh.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://1cj0lv2v3ay07dlow12onq1j1mknzyh9.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://fb4mq73q9w5mxpn8adwkkovg4uyytvoz.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://sjpcx5m5rkadjlspj6ucalz9fs9acyq7.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://l42yat5a4wigayp7ewn329wxrce803ub.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://r2n3u5ypz1iv1r0wyj6ess2anxavuii4.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://lby9080z0c50flajpuftowez21qg6wkw.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://yh4fkfaovz5vushvshxffg3zkkqhtc8x.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://a5sm69c8bizcooca70cu0xhr1c8uzvrv.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://hx0xzoo5ph2hif40afv84g40ypmg195d.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://t31b2y6zaj2e5ai0qkrfx22u6jt9djrd.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://aab9r9dwc63uya5punghewfrs9isjlw8.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://pke4a03b9oleel3l02ba5i6uzyswp15z.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://u2eguum8w79nd9x1afz8bwxxy6h4w8oj.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://fvraaw0h2lseukv504tqk82r9unln9jr.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://lgt9vzsq8ai0d0bofq4v01jhk3wgxgqf.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://0ypgiia4bf6hx8nukf7it23i405h0gtb.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://1hfm0uw4jqrcy5umvsfclbqzuz1ushm1.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://vanvvqpoq2eabdtkk9tnf48qx64wi9e6.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://mw7i8znx6tkrnak09zey4sgs2itt82ew.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://tk6tlcemtidykvtj8eok7wxzel49az25.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://5wi2ggv4pf0y0msd0gbgu86r82s4wnqo.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://95ptd3zeg3fg45ytjii3jwdnceifmlws.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://0go0804sfog8l77ir2f16h9i39oty9ms.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://pevtw4u3qarrzc01i9n1v1a84o5pq9fc.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://ynbxr6hiqnamfb6efjyaan7urg0z2mb1.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://x9jnq3lawx7cj1nckxcmt60z4o1mv1li.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://ugpkkgr293ss6vd3zro9gej97eyjgnjw.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://vpy6kn83j5qa6szo4i2e20i0pjcq1dqn.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://7ryw79xybbiaz69ny28j2yua6f9xx0uw.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://j95fmoxgvswc7bdt98ymndk15hh59sl8.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://vlwup6lxu44gv31f042vij9i9gvblf29.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://bec123w7yie1oj95i4y3d2z8pvc47c6m.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://i5w61yv9iwl3zgt3o5y8aks2emswo8ew.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://g7v9hfuse72bnwh7r3sda7ubgxuqx84q.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://eaw7fpevqtnbyruyhjh1ibd08ksl6r35.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://4dt1313xfokdy97vhqbiw0r8ofqx90bm.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://kete56pyp8dgx7pud844tjxkphrsgw2w.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://eei9hijkgfbeq9hipzmbie4nr94m9443.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://modna2zwwn3y12493pl69pra1mhy60ph.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://aj9wugh4qzz7mdt943odwewnchtph17v.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://4f1w6wova5amld08h24t4kommn2as7u3.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://w2fag4xt6kl5ih2jdrkul2s2f2dl7xxf.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://wj8x2i0cn8q2sosbvmeyt04u13vdmaif.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://0rapnp9phyw9bd5xt9j4iknak09q4b5c.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://rp2pp243t707rlrkup4zn18zquvy2dj9.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://k6wadxu2iln47apb8lssamkyaerqvony.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://gz9yp1qwspr3f2ckitv62yzxsq1zam5k.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://8yuqvu384pwrnq0ypwf5iq876d3nvlxh.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://yyf7v4lv6xaji1qvizk3ktxsm85tmctz.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://o9fp1yagq77ebf2rsc09iwr1bs9rhnc3.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://a03ld2qlvmuhfd0i2xlas3f6ac8tsxp7.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://hssh712qovwm0g7rbclnf5i3yepje5iq.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://776tx8tb2nvxs8grzckujx6rqgzkking.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://q3qn924hj6dhq27za0641vfuvglqo1lz.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://xrimrgsgu6y7zeomp41cf5musc4ii555.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://uw63iz1nlvdt8a5bhddg4vu2v1etokdp.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://p8saw6j7tnxbb843tplqzvehczkh9yhe.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://8fpwxo3lq47kskaqziuluzmf18fm5nok.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://67j9tk92qwhh8cba6k0d5hj68jp2x0i9.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://5ioha44mzsbdapduoh2g28ow7xketoth.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://q6ubteqw0xsrjcsslam9g5wjmps01adg.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://xt0lu8pfqdftgfkjzsc2hnibbtycg3wq.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://qyh1n5iuzk4ruzy4ssld1grzkyn9j49i.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://ybwbeeseac96e2psozparqnume35qgqo.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://9x9rz3c2xg5jd4vvqx20vz4hcr49vss7.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://1v1wh49take3f8g6thefw2havcnvdg6d.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://lqppcdld5tvhkywuphpiop16kdrollo3.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://vul3xthp5unjog3eymo74dosgjwxykm5.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://mft5uywrimo5figkos3kpm619vsje78p.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://jb3lz6v5ruycvr3v3fdpvu1tjbk7dhol.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://j5p3mjy02nqvsffp77lf1dxukx1d06c1.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://cv07my0xhbwldw9zlq3q19vx8cyvi9s9.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://afj7jmp2ynuof2tywfe2our0gse1uwhw.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://nwlcsd9wi8wrvvwl8h4w6lxvube5obm3.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://kbu2c4ok1gwd802gzy5dir5yhikj0za8.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://j76ik17ukq6es30xhcjtblwc4climaiz.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://8xq1085hsldk6cgqvdtjrlyprbzrmeah.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://t7mgecxngonkvqcjcn2z83kkgbv952x6.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://ynyqq9d33nr8vu6lj7h5w1wbh6i5iq9m.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://jclu2ohu33iqwuj5ii1qq1qycwo5pfyi.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://u4kjch7bjigo7h8e0elo8x54ke3t08hd.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://z36opffynysy8b8oliwk3s6tqhu1pxz7.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://1f6bfo3bno49twev5hze6hcghm6tu04b.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://xp1iizli1n01jfz7gmx5dhu0kevnaedh.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://rt4yw6vzx0gbmbe5ppwug4kpxtc4cshq.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://4h3exhrtpyaa3pwssmvo2ki2mrr2acy7.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://qoshy3mq290xzoat07oq1hrbvs3uk50u.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://amue1xy2gfble3abubb2u13oz5wkojmq.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://xmfufft6bzxy4dyn9yqojun2kohlz1ld.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://o76moz87h2rj6dos4ardkno43xwnypiw.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://1eyu6x8b41qakiu54gixycnz4rpael0g.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://6ne6ruxp7f0kgq2ocz0fuqgto04n2yyd.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://nducn7lvb5o3hp3ptnjnhl32mq50rs7r.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://ozdg6vb1i4m86lcpi5mxog17cqfxhtc8.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://n4d4hi5avqmimsq51sna93tl7bjwyugb.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://3f5z5yc62lsy2fsf8566a1nxbjya0ocr.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://m38q9qf0ruvpzvbznzwg0lsnltt8hsft.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://su81yvcta44nejud1iwcd0ng86sdpvb5.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://ocrc1n4j5mu9sgm5ti65jse7gstanilk.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://hhdq8h5tiuetm68me9lbxbemofa02gvu.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://4rb6b6uruqsin709yul9kkwxwzcvf3qw.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://zo2uo4xjmwr5vlg6tbbufe8h2l3mikkn.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://9pvxmkehvvg57gyjcfskfxbga7rnsvit.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://izzjxdje93fn719wu76r1ph6ru7ct1kc.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://074elt7zqss4u3ffd2dfp86qlssxvev9.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://pzuq8lv28llus3tasey4ys7tzfc6wkdj.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://yhdenlzmjajxe46tg22e59r5obbhjs0w.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://jwprm2ao07egwvggo25f98i1tkw0x40s.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://0ppdmrs8z94p1hklu41v615nvjnytx3a.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://bdk59m12oenrf1t329p3d2wuarpo0sph.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://quo0v3ta7ymme9joaojer6pi267ej64v.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://8ykm2yimopdsq8n2tvl41yudydufe69u.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://fngstanfbnpkt8cz7z7wfx9wvi1wxupm.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://2ozd6025np4yfovv1562s1rfq8phibok.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://02epkt8eaklmhm9bcdzfkzs7cb3mdo3b.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://gk11iacu7rhfyaowmis13gt3veywmpf0.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://3y3sjeqnt0cndqn411dtbesaeezv4zai.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://soobqefjlcevumesbcpol8arvgpg72cq.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://vr3yzkqdx0fnptidb0vbj3h5jqw5hjt8.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://d3exiu28ipoo97oc5v6kfop9r66q4105.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://s12mfowl7gbba0x7bqckqiyiw6vgxx9u.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://xyavodrvaohw2gl31fc4jbgphwitsyfo.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://a5hhbb6nwzctpwu65wy9ffqcr98kd2ej.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://hfb6zzmua18v6bqxy33ovjocblnxmn4v.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://7mzp20tole53ukqwc3sb8etjy9i2yh9w.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://5c75tw1nvtn2r1q5rmpog0t247kj3klq.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://x6o1xrdwqxb9oh18bn3nm0yb7ly4b0bi.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://gbv2qfp58vuopxzznn84ye0vxe85sa84.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://19hfs1x119s1t2ys22tju5pjykkc6b3w.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://lntc695lnd3ocjccupm1pemxvq1n84s1.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://b9sj7yxwsd1qkbqpbombfjwg47ajrw60.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://32ypiijk5ywmekuszorl06gfprbj9y1m.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://bwfzzzd49ryc61pi2u3h940owfb2lolx.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://2om1et3lz507i76m5s0y4m5u1ojdrtnt.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://2tg9dmqqqklmvhdbo60x9nkdysqqtdoi.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://feimbk5j7mhm68sk02m9lc48g7p3ofmi.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://hnc6pui2ozb9a3pc1w2yrikyxb0yu0cq.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://s5zgzkqll05nrqp5972us9g4ootgn7po.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://4pcbteisww90tezhtiwewcokhsercow3.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://eibso10svdkux7fzlvd8lyyjhkkewqoq.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://mptp6qirlbqjmizjbddo64t9ws4mwry9.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://ei2gxm4rtyyuz28yvrohfmu47w4u8le1.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://jgf3no87mwmi8vi1vn48lwze866gzqup.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://2c2mzh5ymu35gwq2ntk1luaxxgfxlab8.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://wovo55ntdd84us62unc82ffkq3oepqfh.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://pcwtyqii994w60w4cmtrn1rj0zsgshhc.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://zl7c2iroiaeyjbx8vc5mrrvvq8jjeclu.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://n75r1ykp0nbfwi878ney0litasy8hp0u.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://5t3q7rnbtheihgebna4en3wjn33otref.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://dnsxyblzk3yvchv5h69aud518skkiz18.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://qbz4514dhbidaqgqvizy8k2f68d1xg4o.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://p4smhy4zttqb3y4k7xf7xml2l9hvw5da.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://b2rfnfpw9k2rcdcov5fmxyeccug9fs8k.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://gequ3em8j9nvbsnj1yd10vquggj61r1z.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://7vf29gtl5ftlbw46dy8cq853z95z05qr.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://pu6g74p3qr8zfe4sw6lpitf4asx1h9by.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://eonn3nh9jygihmxfxdj3wz4knjk2tyev.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://awowf5u1v5evg2pgj51ljrjyssv911rz.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://zapvqkvdwfdjzp5ij0c6o4e63z5ydv6b.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://8qgqs3ph5ufdgfefhwnuslb48kn3f8wo.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://he04ud7zrpwtdaxt920dbesscqbokvf6.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://lmemgcfn3kmusg6yv0yspow1ygf2c42b.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://fcl5enk545lfhi2evl6dxqhglrt9rysn.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://nzo79qd4i3ab667rzqrxhlktj4ueqg0z.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://247typr3m5cu68v4irgvgdbm1uivd7g5.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://p90eha3wjvpkql9f23pihyxk1ap20v4j.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://60yehzezkwze1qfyzg519unkxk24gd3w.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://ze8w0r3qsmhzzat9rkilsc65i08ufgng.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://gqrete0r62g5lrfmb3yex0xxbrb44ouu.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://068rj8i18nioz19tlegzhvgin7014su6.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://gj14v4q0nwjrfl0dh2rqizcepy2ghdfx.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://064sma5x83by9uxy6sv2s8wpwiiasgog.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://nq5gvleawtnofb76m6ltq2fx389b52lo.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://zbswvncpzmrxt19qhmwn6d67hajfn51c.mirror.example"]
  capabilities = ["pull", "resolve"]

[host."https://1n07yyuk0sshx20wxixxpqr9d5dkgxdp.mirror.example"]
  capabilities = ["pull", "resolve"]
